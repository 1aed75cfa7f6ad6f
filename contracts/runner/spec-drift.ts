/**
 * Drift between two OpenAPI descriptions of the Session API (the server's own, often 3.0, and
 * spec/session-api.yaml, 3.1), limited to what a client sees: operations, parameters, request and
 * response fields, their types and required-ness, statuses, media types and security.
 *
 * Why not openapi-diff (Atlassian's, installed): it refuses OpenAPI 3.1 outright ("Unsupported OpenAPI
 * version: 3.1.0", its bundled Swagger Parser knows 3.0 only), and even on 3.0 it does not compare
 * parameters, response bodies or security (its docs/OPENAPI3.md). So both documents are dereferenced
 * with @apidevtools/swagger-parser (3.0 and 3.1) and compared here, after 3.0's `nullable` and 3.1's
 * `null` type are brought to one form.
 */
import { readFile } from 'node:fs/promises';
import SwaggerParser from '@apidevtools/swagger-parser';
import { fetch } from 'undici';
import { parse as parseYaml } from 'yaml';
import { sessionApiFile } from '../../spec/index.ts';

export type DriftKind =
  'operation' | 'parameter' | 'security' | 'status' | 'media type' | 'field' | 'type' | 'required' | 'constraint';

export const driftKinds: readonly DriftKind[] = [
  'operation',
  'parameter',
  'security',
  'status',
  'media type',
  'field',
  'type',
  'required',
  'constraint',
];

export interface Drift {
  kind: DriftKind;
  /** `POST /v1/session`, or `(document)` for the whole document. */
  operation: string;
  /** Where in the operation: `request body $.rules.userCapacity`, `response 200 $.expiresIn`, `query limit`... */
  where: string;
  /** What our spec says there; undefined when it has nothing there. */
  ours: string | undefined;
  /** What the server's document says; undefined when it has nothing there. */
  theirs: string | undefined;
}

export interface DriftReport {
  ours: { source: string; version: string };
  theirs: { source: string; version: string };
  drifts: Drift[];
}

type Json = Record<string, unknown>;
const methods = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;
const constraintKeys = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'additionalProperties',
] as const;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads a document from an http(s) URL or a file, JSON or YAML. */
export async function loadOpenApi(source: string): Promise<Json> {
  let text: string;
  if (/^https?:\/\//i.test(source)) {
    let response;
    try {
      response = await fetch(source, { signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      throw new Error(`cannot fetch it: ${(error as Error).message}`, { cause: error });
    }
    if (!response.ok) throw new Error(`GET answered ${response.status}; give the URL of the JSON or YAML document`);
    text = await response.text();
  } else {
    try {
      text = await readFile(source, 'utf8');
    } catch (error) {
      throw new Error(`cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
        cause: error,
      });
    }
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw new Error(`neither JSON nor YAML: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  if (!isObject(parsed) || typeof parsed.openapi !== 'string' || !/^3\.[01]\./.test(parsed.openapi))
    throw new Error('not an OpenAPI 3.0 or 3.1 document (its "openapi" field must be 3.0.x or 3.1.x)');
  if (!isObject(parsed.paths)) throw new Error('the document has no "paths"');
  return parsed;
}

async function dereferenced(document: Json): Promise<Json> {
  // swagger-parser changes what it is given: a copy keeps the caller's document as it was.
  return (await SwaggerParser.dereference(structuredClone(document) as never, {
    dereference: { circular: 'ignore' },
  })) as unknown as Json;
}

/** The path part of the first server URL (`/v1`), so that `/v1` + `/session` meets `/v1/session`. */
function basePath(document: Json): string {
  const servers = Array.isArray(document.servers) ? document.servers : [];
  const url = isObject(servers[0]) && typeof servers[0].url === 'string' ? servers[0].url : '';
  return url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/\/+$/, '');
}

/** One schema in one form for both versions: type list without null, nullability, the rest as is. */
interface Normal {
  types: string[];
  nullable: boolean;
  format: string | undefined;
  enum: string | undefined;
  properties: Map<string, Json>;
  required: Set<string>;
  items: Json | undefined;
  constraints: Map<string, string>;
}

function variants(schema: Json): Json[] {
  const list = schema.oneOf ?? schema.anyOf;
  return Array.isArray(list) ? list.filter(isObject) : [];
}

function isNullOnly(schema: Json): boolean {
  return (
    schema.type === 'null' || (Array.isArray(schema.type) && schema.type.length === 1 && schema.type[0] === 'null')
  );
}

function normal(schema: Json, depth = 0): Normal {
  const out: Normal = {
    types: [],
    nullable: schema.nullable === true,
    format: typeof schema.format === 'string' ? schema.format : undefined,
    enum: Array.isArray(schema.enum)
      ? JSON.stringify(
          schema.enum
            .filter((value) => value !== null)
            .map(String)
            .sort(),
        )
      : undefined,
    properties: new Map(),
    required: new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []),
    items: isObject(schema.items) ? schema.items : undefined,
    constraints: new Map(),
  };
  if (Array.isArray(schema.enum) && schema.enum.includes(null)) out.nullable = true;
  const types = Array.isArray(schema.type)
    ? (schema.type as string[])
    : typeof schema.type === 'string'
      ? [schema.type]
      : [];
  for (const type of types) if (type === 'null') out.nullable = true;
  out.types = types.filter((type) => type !== 'null');
  if (isObject(schema.properties))
    for (const [name, inner] of Object.entries(schema.properties)) if (isObject(inner)) out.properties.set(name, inner);
  for (const key of constraintKeys)
    if (schema[key] !== undefined) out.constraints.set(key, JSON.stringify(schema[key]));
  // 3.0 says exclusiveMinimum: true next to minimum; 3.1 gives the bound itself.
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const)
    if (schema[flag] === true && schema[bound] !== undefined) {
      out.constraints.set(flag, JSON.stringify(schema[bound]));
      out.constraints.delete(bound);
    } else if (schema[flag] === false) out.constraints.delete(flag);
  if (depth < 4) {
    // allOf merges; a oneOf/anyOf whose only other variant is null is that variant, nullable.
    const parts = Array.isArray(schema.allOf) ? schema.allOf.filter(isObject) : [];
    const options = variants(schema);
    const nonNull = options.filter((option) => !isNullOnly(option));
    if (options.length > nonNull.length) out.nullable = true;
    if (nonNull.length === 1) parts.push(nonNull[0]!);
    else if (nonNull.length > 1 && out.types.length === 0)
      out.types = [`one of ${nonNull.map((option) => typeText(normal(option, depth + 1))).join(', ')}`];
    for (const part of parts) {
      const inner = normal(part, depth + 1);
      if (out.types.length === 0) out.types = inner.types;
      out.nullable ||= inner.nullable;
      out.format ??= inner.format;
      out.enum ??= inner.enum;
      out.items ??= inner.items;
      for (const [name, value] of inner.properties) if (!out.properties.has(name)) out.properties.set(name, value);
      for (const name of inner.required) out.required.add(name);
      for (const [key, value] of inner.constraints) if (!out.constraints.has(key)) out.constraints.set(key, value);
    }
  }
  if (out.types.length === 0 && out.properties.size > 0) out.types = ['object'];
  return out;
}

function typeText(schema: Normal): string {
  const base = schema.types.length > 0 ? [...schema.types].sort().join(' or ') : 'any';
  return `${base}${schema.format ? ` (${schema.format})` : ''}${schema.nullable ? ', nullable' : ''}`;
}

function diffSchemas(ours: Json, theirs: Json, operation: string, where: string, out: Drift[], depth = 0): void {
  // A recursive schema (left as a cycle by dereferencing) stops here.
  if (depth > 12) return;
  const left = normal(ours);
  const right = normal(theirs);
  const leftType = typeText(left);
  const rightType = typeText(right);
  if (leftType !== rightType) out.push({ kind: 'type', operation, where, ours: leftType, theirs: rightType });
  if (left.enum !== right.enum)
    out.push({ kind: 'type', operation, where: `${where} (allowed values)`, ours: left.enum, theirs: right.enum });
  for (const key of new Set([...left.constraints.keys(), ...right.constraints.keys()])) {
    const a = left.constraints.get(key);
    const b = right.constraints.get(key);
    if (a !== b) out.push({ kind: 'constraint', operation, where: `${where} ${key}`, ours: a, theirs: b });
  }
  const names = [...new Set([...left.properties.keys(), ...right.properties.keys()])].sort();
  for (const name of names) {
    const path = `${where}.${name}`;
    const a = left.properties.get(name);
    const b = right.properties.get(name);
    if (!a || !b) {
      out.push({
        kind: 'field',
        operation,
        where: path,
        ours: a ? typeText(normal(a)) : undefined,
        theirs: b ? typeText(normal(b)) : undefined,
      });
      continue;
    }
    const requiredA = left.required.has(name);
    const requiredB = right.required.has(name);
    if (requiredA !== requiredB)
      out.push({
        kind: 'required',
        operation,
        where: path,
        ours: requiredA ? 'required' : 'optional',
        theirs: requiredB ? 'required' : 'optional',
      });
    diffSchemas(a, b, operation, path, out, depth + 1);
  }
  if (left.items && right.items) diffSchemas(left.items, right.items, operation, `${where}[]`, out, depth + 1);
}

interface Operation {
  key: string;
  document: Json;
  operation: Json;
  pathItem: Json;
}

function operationsOf(document: Json): Map<string, Operation> {
  const prefix = basePath(document);
  const out = new Map<string, Operation>();
  for (const [path, pathItem] of Object.entries(document.paths as Json)) {
    if (!isObject(pathItem)) continue;
    // Path parameters match by position, not name: /session/{id} is /session/{sessionId}.
    const template = `${prefix}${path}`.replace(/\{[^}]+\}/g, '{}');
    for (const method of methods) {
      const operation = pathItem[method];
      if (isObject(operation)) {
        const key = `${method.toUpperCase()} ${template}`;
        out.set(key, { key, document, operation, pathItem });
      }
    }
  }
  return out;
}

function parametersOf(entry: Operation): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const list of [entry.pathItem.parameters, entry.operation.parameters])
    if (Array.isArray(list))
      for (const parameter of list.filter(isObject)) {
        const name = String(parameter.name);
        const place = String(parameter.in);
        // Header names are case-insensitive; a path parameter is known by its position only.
        out.set(`${place} ${place === 'header' ? name.toLowerCase() : place === 'path' ? '{}' : name}`, parameter);
      }
  return out;
}

function schemeText(scheme: unknown): string {
  if (!isObject(scheme)) return 'unknown scheme';
  if (scheme.type === 'apiKey') return `API key in ${String(scheme.in)} ${String(scheme.name)}`;
  if (scheme.type === 'http') return `HTTP ${String(scheme.scheme).toLowerCase()}`;
  return String(scheme.type);
}

/** The effective security as sorted alternatives, each naming its schemes by what they are, not their names. */
function securityOf(entry: Operation): string {
  const requirements = entry.operation.security ?? entry.document.security;
  if (!Array.isArray(requirements) || requirements.length === 0) return 'none';
  const schemes =
    isObject(entry.document.components) && isObject(entry.document.components.securitySchemes)
      ? entry.document.components.securitySchemes
      : {};
  const alternatives = requirements.filter(isObject).map((requirement) => {
    const names = Object.keys(requirement);
    return names.length === 0
      ? 'none'
      : names
          .map((name) => schemeText(schemes[name]))
          .sort()
          .join(' + ');
  });
  return [...new Set(alternatives)].sort().join(' | ');
}

function contentOf(holder: Json | undefined): Map<string, Json> {
  const out = new Map<string, Json>();
  if (holder && isObject(holder.content))
    for (const [type, media] of Object.entries(holder.content))
      if (isObject(media)) out.set(type.split(';')[0]!.trim().toLowerCase(), media);
  return out;
}

function diffContent(ours: Json | undefined, theirs: Json | undefined, operation: string, where: string, out: Drift[]) {
  const left = contentOf(ours);
  const right = contentOf(theirs);
  for (const type of new Set([...left.keys(), ...right.keys()])) {
    const a = left.get(type);
    const b = right.get(type);
    if (!a || !b) {
      out.push({
        kind: 'media type',
        operation,
        where: `${where} ${type}`,
        ours: a ? 'yes' : undefined,
        theirs: b ? 'yes' : undefined,
      });
      continue;
    }
    if (isObject(a.schema) && isObject(b.schema)) diffSchemas(a.schema, b.schema, operation, `${where} $`, out);
  }
}

function diffOperation(ours: Operation, theirs: Operation, out: Drift[]): void {
  const operation = ours.key;
  const parametersA = parametersOf(ours);
  const parametersB = parametersOf(theirs);
  for (const key of [...new Set([...parametersA.keys(), ...parametersB.keys()])].sort()) {
    const a = parametersA.get(key);
    const b = parametersB.get(key);
    if (!a || !b) {
      out.push({
        kind: 'parameter',
        operation,
        where: `parameter ${key}`,
        ours: a ? (a.required ? 'required' : 'optional') : undefined,
        theirs: b ? (b.required ? 'required' : 'optional') : undefined,
      });
      continue;
    }
    if (Boolean(a.required) !== Boolean(b.required))
      out.push({
        kind: 'required',
        operation,
        where: `parameter ${key}`,
        ours: a.required ? 'required' : 'optional',
        theirs: b.required ? 'required' : 'optional',
      });
    if (isObject(a.schema) && isObject(b.schema)) diffSchemas(a.schema, b.schema, operation, `parameter ${key}`, out);
  }

  const securityA = securityOf(ours);
  const securityB = securityOf(theirs);
  if (securityA !== securityB)
    out.push({ kind: 'security', operation, where: 'security', ours: securityA, theirs: securityB });

  const bodyA = isObject(ours.operation.requestBody) ? ours.operation.requestBody : undefined;
  const bodyB = isObject(theirs.operation.requestBody) ? theirs.operation.requestBody : undefined;
  if (!bodyA || !bodyB) {
    if (bodyA || bodyB)
      out.push({
        kind: 'field',
        operation,
        where: 'request body',
        ours: bodyA ? 'declared' : undefined,
        theirs: bodyB ? 'declared' : undefined,
      });
  } else {
    if (Boolean(bodyA.required) !== Boolean(bodyB.required))
      out.push({
        kind: 'required',
        operation,
        where: 'request body',
        ours: bodyA.required ? 'required' : 'optional',
        theirs: bodyB.required ? 'required' : 'optional',
      });
    diffContent(bodyA, bodyB, operation, 'request body', out);
  }

  const responsesA = isObject(ours.operation.responses) ? ours.operation.responses : {};
  const responsesB = isObject(theirs.operation.responses) ? theirs.operation.responses : {};
  const statuses = [...new Set([...Object.keys(responsesA), ...Object.keys(responsesB)])].sort();
  for (const status of statuses) {
    const a = responsesA[status];
    const b = responsesB[status];
    if (!isObject(a) || !isObject(b)) {
      out.push({
        kind: 'status',
        operation,
        where: `response ${status}`,
        ours: isObject(a) ? 'documented' : undefined,
        theirs: isObject(b) ? 'documented' : undefined,
      });
      continue;
    }
    diffContent(a, b, operation, `response ${status}`, out);
  }
}

export async function specDrift(
  theirs: object,
  theirsSource: string,
  ours?: { document: object; source: string },
): Promise<DriftReport> {
  const oursLoaded = ours ?? { document: await loadOpenApi(sessionApiFile), source: 'spec/session-api.yaml' };
  const left = await dereferenced(oursLoaded.document as Json);
  const right = await dereferenced(theirs as Json);
  const drifts: Drift[] = [];
  const operationsA = operationsOf(left);
  const operationsB = operationsOf(right);
  for (const key of [...new Set([...operationsA.keys(), ...operationsB.keys()])].sort()) {
    const a = operationsA.get(key);
    const b = operationsB.get(key);
    if (a && b) diffOperation(a, b, drifts);
    else
      drifts.push({
        kind: 'operation',
        operation: key,
        where: 'operation',
        ours: a ? 'documented' : undefined,
        theirs: b ? 'documented' : undefined,
      });
  }
  const version = (document: Json) =>
    `OpenAPI ${String(document.openapi)}, version ${isObject(document.info) ? String(document.info.version) : '?'}`;
  return {
    ours: { source: oursLoaded.source, version: version(left) },
    theirs: { source: theirsSource, version: version(right) },
    drifts,
  };
}

const shown = (value: string | undefined): string => value ?? '(absent)';

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

export function driftMarkdown(report: DriftReport): string {
  const out = [
    '# Drift between two descriptions of the Session API',
    '',
    `- Ours: \`${report.ours.source}\` (${report.ours.version})`,
    `- Theirs: \`${report.theirs.source}\` (${report.theirs.version})`,
    `- ${report.drifts.length} differences a client would notice`,
    '',
  ];
  if (report.drifts.length === 0) out.push('No difference.');
  else {
    out.push('| kind | operation | where | ours | theirs |', '| --- | --- | --- | --- | --- |');
    for (const drift of report.drifts)
      out.push(
        `| ${drift.kind} | ${cell(drift.operation)} | \`${cell(drift.where)}\` | ${cell(shown(drift.ours))} | ` +
          `${cell(shown(drift.theirs))} |`,
      );
  }
  return `${out.join('\n')}\n`;
}

export function driftConsole(report: DriftReport): string {
  const lines = [
    '',
    `== Spec drift: ours ${report.ours.source} (${report.ours.version}) / theirs ${report.theirs.source} ` +
      `(${report.theirs.version}) ==`,
  ];
  if (report.drifts.length === 0) lines.push('   no difference a client would notice');
  for (const drift of report.drifts)
    lines.push(
      `   ${drift.kind.padEnd(10)} ${drift.operation} ${drift.where}: ` +
        `ours ${shown(drift.ours)}, theirs ${shown(drift.theirs)}`,
    );
  return lines.join('\n');
}
