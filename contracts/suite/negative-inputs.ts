/**
 * Bodies that break a request schema, derived from the spec's own schemas: for
 * every property a wrong type, an out-of-range or too long value, a broken
 * pattern or enum; plus an unknown property and each missing required field.
 * Each candidate is confirmed invalid by the spec's compiled validator, so the
 * suite never blames a server for refusing a body that was in fact valid.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { sessionApiFile } from '../../spec/index.ts';
import { description } from './conformance.ts';

interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  pattern?: string;
  enum?: unknown[];
  oneOf?: Schema[];
  items?: Schema;
}

const document = parse(readFileSync(sessionApiFile, 'utf8')) as { components: { schemas: Record<string, Schema> } };

function resolve(schema: Schema): Schema {
  let current = schema;
  for (let hops = 0; current.$ref && hops < 16; hops++)
    current = document.components.schemas[current.$ref.split('/').pop()!]!;
  // `oneOf: [X, null]` stands for "X or null": X says what is valid.
  const branch = current.oneOf?.find((option) => option.type !== 'null');
  return branch ? resolve(branch) : current;
}

function typesOf(schema: Schema): string[] {
  const type = schema.type;
  return type === undefined ? [] : Array.isArray(type) ? type : [type];
}

/** A value of the wrong type for a schema. */
function wrongType(schema: Schema): unknown {
  const types = typesOf(schema);
  if (types.includes('string')) return 12345;
  if (types.includes('integer') || types.includes('number')) return 'not a number';
  if (types.includes('boolean')) return 'yes';
  if (types.includes('array')) return { not: 'an array' };
  if (types.includes('object')) return ['not', 'an object'];
  return undefined;
}

export interface NegativeCase {
  label: string;
  body: unknown;
  /** RFC 6901 pointer of the offending field ('' for the body itself). */
  pointer: string;
}

function setAt(base: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined) return base;
  const copy = { ...base };
  if (rest.length === 0) {
    if (value === REMOVE) delete copy[head];
    else copy[head] = value;
  } else {
    copy[head] = setAt((base[head] as Record<string, unknown> | undefined) ?? {}, rest, value);
  }
  return copy;
}

const REMOVE = Symbol('remove');

function collect(
  schema: Schema,
  path: string[],
  base: Record<string, unknown>,
  found: Omit<NegativeCase, 'pointer'>[],
): void {
  const out = { push: (item: Omit<NegativeCase, 'pointer'>) => found.push(item) };
  const resolved = resolve(schema);
  const at = `/${path.join('/')}`;
  if (path.length > 0) {
    const wrong = wrongType(resolved);
    if (wrong !== undefined)
      out.push({ label: `${at}: wrong type (${JSON.stringify(wrong)})`, body: setAt(base, path, wrong) });
    if (resolved.minimum !== undefined)
      out.push({
        label: `${at}: below the minimum ${resolved.minimum}`,
        body: setAt(base, path, resolved.minimum - 1),
      });
    if (resolved.maximum !== undefined)
      out.push({
        label: `${at}: above the maximum ${resolved.maximum}`,
        body: setAt(base, path, resolved.maximum + 1),
      });
    if (typesOf(resolved).includes('integer'))
      out.push({ label: `${at}: a fraction where an integer is required`, body: setAt(base, path, 1.5) });
    if (resolved.maxLength !== undefined)
      out.push({
        label: `${at}: longer than ${resolved.maxLength}`,
        body: setAt(base, path, 'x'.repeat(resolved.maxLength + 1)),
      });
    if (resolved.minLength !== undefined && resolved.minLength > 0)
      out.push({ label: `${at}: shorter than ${resolved.minLength}`, body: setAt(base, path, '') });
    if (resolved.pattern !== undefined)
      out.push({ label: `${at}: breaks the pattern ${resolved.pattern}`, body: setAt(base, path, '0xnot-hex') });
    if (resolved.enum !== undefined)
      out.push({ label: `${at}: not one of ${resolved.enum.join(', ')}`, body: setAt(base, path, 'NotAnOption') });
    if (resolved.maxItems !== undefined)
      out.push({
        label: `${at}: more than ${resolved.maxItems} items`,
        body: setAt(
          base,
          path,
          Array.from({ length: resolved.maxItems + 1 }, () => validItem(resolved.items)),
        ),
      });
  }
  if (resolved.properties) {
    if (resolved.additionalProperties === false)
      out.push({
        label: `${at === '/' ? '' : at}/unexpectedField: unknown property`,
        body: setAt(base, [...path, 'unexpectedField'], true),
      });
    for (const name of resolved.required ?? [])
      out.push({
        label: `${at === '/' ? '' : at}/${name}: required but missing`,
        body: setAt(base, [...path, name], REMOVE),
      });
    for (const [name, property] of Object.entries(resolved.properties)) {
      collect(property, [...path, name], base, found);
    }
  }
}

function validItem(items: Schema | undefined): unknown {
  const resolved = items ? resolve(items) : {};
  if (resolved.properties) return { address: '0x0000000000000000000000000000000000000001' };
  return '0x0000000000000000000000000000000000000001';
}

/**
 * The invalid variants of `valid` for a component schema. `valid` must itself
 * pass the schema (checked), and so must every object on the way to a field.
 */
export function negativeBodies(schemaName: string, valid: Record<string, unknown>): NegativeCase[] {
  const validate = description.schema(schemaName);
  if (!validate(valid))
    throw new Error(`The base body for ${schemaName} is itself invalid: ${JSON.stringify(validate.errors)}`);
  const cases: NegativeCase[] = [
    { label: 'the body is an array', body: [valid], pointer: '' },
    { label: 'the body is a string', body: 'a string', pointer: '' },
    { label: 'the body is null', body: null, pointer: '' },
  ];
  const found: Omit<NegativeCase, 'pointer'>[] = [];
  collect(document.components.schemas[schemaName]!, [], valid, found);
  // Each label starts with the pointer of the field it breaks.
  for (const item of found) cases.push({ ...item, pointer: item.label.slice(0, item.label.indexOf(':')) });
  // Keep only what the spec's own validator refuses.
  return cases.filter((candidate) => !validate(candidate.body));
}
