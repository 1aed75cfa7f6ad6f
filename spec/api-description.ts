/**
 * Reads an OpenAPI 3.1 document of spec/ and answers what the mock and the contract
 * suite need to know of it: the operations, and validators compiled from the
 * document's own schemas (never hand-copied ones).
 */
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { escapePointer, toFieldErrors, type FieldError } from './field-errors.ts';
import { applyOverlay, type OverlayDocument } from './overlay.ts';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export const sessionApiFile = fileURLToPath(new URL('./session-api.yaml', import.meta.url));
export const mockControlFile = fileURLToPath(new URL('./mock-control.yaml', import.meta.url));
/** The answers only the mock gives, laid over session-api.yaml (an OpenAPI Overlay 1.0 document). */
export const mockOverlayFile = fileURLToPath(new URL('./mock-overlay.yaml', import.meta.url));

/**
 * The documents of spec/ as JSON text by file name, put in by scripts/build-mock.ts
 * when it bundles the mock: parsing the YAML took most of the mock's start-up.
 * Undefined when the sources run as they are (tsx, vitest).
 */
declare const __SPEC_DOCUMENTS__: Readonly<Record<string, string>> | undefined;

/** A document of spec/ (or any YAML or JSON file), parsed: from the bundle when it was built in, else from the file. */
export function readSpecDocument(file: string): unknown {
  const embedded =
    typeof __SPEC_DOCUMENTS__ !== 'undefined' && dirname(file) === dirname(sessionApiFile)
      ? __SPEC_DOCUMENTS__[basename(file)]
      : undefined;
  return embedded === undefined ? parseYaml(readFileSync(file, 'utf8')) : JSON.parse(embedded);
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const methods: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export type { FieldError };

export interface ResponseDescription {
  /** The status, or for a range (`4XX`) its first status (400). */
  status: number;
  /** The documented media type, or undefined for a response without content. */
  contentType: string | undefined;
  /** Names (lower case) of the headers the response must carry. */
  requiredHeaders: string[];
  /** The documented examples of the body, first one first. */
  examples: unknown[];
}

export interface OperationDescription {
  operationId: string;
  method: HttpMethod;
  /** The path as written in the document, without the base path. */
  path: string;
  /** Names of the security schemes the operation needs together (empty: none). */
  security: string[];
  /**
   * The documented body. `ignored`: it is declared only so that validators let a body through, as any
   * content (any media type) with an empty schema, and the operation neither reads nor checks it (disconnectSession).
   */
  requestBody: { required: boolean; ignored: boolean } | undefined;
  /** The answers documented for single statuses. */
  responses: ReadonlyMap<number, ResponseDescription>;
  /** The answers documented for ranges of statuses, by range (`4XX`); a single status wins over its range. */
  responseRanges: ReadonlyMap<string, ResponseDescription>;
}

/** Why a response breaks its operation's description; empty when it conforms. */
export type ResponseViolations = string[];

export interface ObservedResponse {
  status: number;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The raw body text ('' when there is none). */
  body: string;
}

interface OpenApiDocument {
  servers?: { url: string }[];
  paths: Record<string, Record<string, OperationObject>>;
  components?: Record<string, Record<string, unknown>>;
  security?: Record<string, string[]>[];
}

interface OperationObject {
  operationId: string;
  security?: Record<string, string[]>[];
  requestBody?: RefOr<{ required?: boolean; content: Record<string, { schema: unknown }> }>;
  responses: Record<string, RefOr<ResponseObject>>;
}

interface ResponseObject {
  content?: Record<string, { schema?: unknown; examples?: Record<string, { value: unknown }>; example?: unknown }>;
  headers?: Record<string, RefOr<{ required?: boolean; schema?: unknown }>>;
}

type RefOr<T> = T | { $ref: string };

/**
 * What the mock's core asks of a document. ApiDescription compiles its validators
 * at run time (Ajv); PrecompiledApi (spec/precompiled-api.ts) ships them compiled
 * ahead of time, for a browser whose Content-Security-Policy forbids eval.
 */
export interface ApiContract {
  readonly basePath: string;
  readonly operations: readonly OperationDescription[];
  operation(operationId: string): OperationDescription;
  validateRequestBody(operationId: string, body: unknown): FieldError[];
  checkSchema(name: string, value: unknown): FieldError[];
}

export class ApiDescription implements ApiContract {
  /** The path part of servers[0].url, such as `/v1` ('' when there is none). */
  readonly basePath: string;
  readonly operations: readonly OperationDescription[];
  private readonly byId = new Map<string, OperationDescription>();
  private readonly ajv: Ajv2020;
  private readonly documentId: string;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly requestValidators = new Map<string, ValidateFunction | undefined>();

  constructor(
    private readonly document: OpenApiDocument,
    name: string,
  ) {
    this.documentId = `urn:spec:${name}`;
    this.basePath = basePathOf(document.servers?.[0]?.url);
    // strict: false because OpenAPI adds keywords (example, discriminator, ...) that
    // JSON Schema 2020-12 does not know; allErrors so a 422 lists every field at once.
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    addFormats(this.ajv);
    this.ajv.addSchema(document, this.documentId);
    this.operations = this.describeOperations();
    for (const operation of this.operations) this.byId.set(operation.operationId, operation);
  }

  /** A document of spec/, as written; with `overlay`, an Overlay 1.0 file applied to it first. */
  static fromFile(file: string, name = file, options: { overlay?: string } = {}): ApiDescription {
    const document = readSpecDocument(file) as OpenApiDocument;
    if (options.overlay === undefined) return new ApiDescription(document, name);
    const overlay = readSpecDocument(options.overlay) as OverlayDocument;
    return new ApiDescription(applyOverlay(document, overlay).document, name);
  }

  /**
   * The Session API as the mock answers it: spec/session-api.yaml with
   * spec/mock-overlay.yaml applied (X-Mock-Namespace, its 400 and 503, injected
   * faults, X-Request-Id). Judge the mock by this; judge a real server by `fromFile`.
   */
  static mockFromFile(name = 'session-api+mock-overlay'): ApiDescription {
    return ApiDescription.fromFile(sessionApiFile, name, { overlay: mockOverlayFile });
  }

  operation(operationId: string): OperationDescription {
    const operation = this.byId.get(operationId);
    if (!operation)
      throw new Error(`No operation "${operationId}" in the spec; known: ${[...this.byId.keys()].join(', ')}`);
    return operation;
  }

  /** Compiles (once) and returns the validator of a named component schema. */
  schema(name: string): ValidateFunction {
    return this.validator(`#/components/schemas/${name}`);
  }

  /** Validates a value against a named component schema: one error per broken field. */
  checkSchema(name: string, value: unknown): FieldError[] {
    const validate = this.schema(name);
    return validate(value) ? [] : toFieldErrors(validate.errors ?? []);
  }

  /** Validates a parsed request body against the operation's documented schema. */
  validateRequestBody(operationId: string, body: unknown): FieldError[] {
    const validate = this.requestValidator(operationId);
    if (!validate) return [];
    return validate(body) ? [] : toFieldErrors(validate.errors ?? []);
  }

  /** The operation's body validator, looked up in the document once per operation. */
  private requestValidator(operationId: string): ValidateFunction | undefined {
    if (this.requestValidators.has(operationId)) return this.requestValidators.get(operationId);
    const pointer = this.requestSchemaPointer(operationId);
    const validate = pointer === undefined ? undefined : this.validator(pointer);
    this.requestValidators.set(operationId, validate);
    return validate;
  }

  /** Where the operation's request body schema is (its first media type's), or undefined when it takes none. */
  private requestSchemaPointer(operationId: string): string | undefined {
    const operation = this.operation(operationId);
    const pointer = `#/paths/${escapePointer(operation.path)}/${operation.method.toLowerCase()}/requestBody`;
    const requestBody = this.resolve<{ content: Record<string, { schema: unknown }> } | undefined>(pointer);
    const mediaType = Object.keys(requestBody?.content ?? {})[0];
    return mediaType === undefined
      ? undefined
      : `${this.pointerOf(pointer)}/content/${escapePointer(mediaType)}/schema`;
  }

  /**
   * What spec/precompile.ts compiles ahead of time: the document under its id and, by key, the refs of
   * every request body validator (`request:<operationId>`) and of the named schemas (`schema:<Name>`).
   */
  precompileInput(schemaNames: readonly string[]): { id: string; document: unknown; refs: Record<string, string> } {
    const refs: Record<string, string> = {};
    for (const operation of this.operations) {
      const pointer = this.requestSchemaPointer(operation.operationId);
      if (pointer !== undefined) refs[`request:${operation.operationId}`] = `${this.documentId}${pointer}`;
    }
    for (const name of schemaNames) refs[`schema:${name}`] = `${this.documentId}#/components/schemas/${name}`;
    return { id: this.documentId, document: this.document, refs };
  }

  /**
   * Checks a response against the operation's description: the status is
   * documented, the content type and required headers are there, the body fits.
   */
  checkResponse(operationId: string, response: ObservedResponse): ResponseViolations {
    const operation = this.operation(operationId);
    const range = `${Math.floor(response.status / 100)}XX`;
    const statusKey = operation.responses.has(response.status) ? String(response.status) : range;
    const described = operation.responses.get(response.status) ?? operation.responseRanges.get(range);
    if (!described) {
      const documented = [...operation.responses.keys(), ...operation.responseRanges.keys()];
      return [`status ${response.status} is not documented for ${operationId} (documented: ${documented.join(', ')})`];
    }
    const violations: string[] = [];
    for (const header of described.requiredHeaders) {
      if (!response.headers[header]) violations.push(`header ${header} is required on ${response.status} but missing`);
    }
    if (described.contentType === undefined) {
      if (response.body.length > 0)
        violations.push(`status ${response.status} has no content, but a body of ${response.body.length} bytes came`);
      return violations;
    }
    const contentType = (response.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (contentType !== described.contentType) {
      violations.push(`content-type is "${contentType || '(none)'}", documented "${described.contentType}"`);
      return violations;
    }
    // A page, a script or an event stream: the content type is all the schema says of it.
    if (!/[/+]json$/.test(described.contentType)) return violations;
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      violations.push(`the body is not valid JSON: ${excerpt(response.body)}`);
      return violations;
    }
    const validate = this.responseValidator(operation, statusKey, described.contentType);
    if (!validate(body)) {
      for (const error of toFieldErrors(validate.errors ?? []))
        violations.push(`body${error.pointer || ''} ${error.message}`);
    }
    return violations;
  }

  /**
   * The JSON Schema of an operation's answer at `status` (its first media type's), with the document's
   * `components` beside it so that its `$ref`s resolve within it: for compilers of serialisers. Undefined
   * when the status is not documented or has no content.
   */
  responseSchema(operationId: string, status: number): Record<string, unknown> | undefined {
    const operation = this.operation(operationId);
    const described = operation.responses.get(status);
    if (described?.contentType === undefined) return undefined;
    const pointer = `#/paths/${escapePointer(operation.path)}/${operation.method.toLowerCase()}/responses/${status}`;
    const schema = this.resolve<ResponseObject>(pointer).content?.[described.contentType]?.schema;
    if (typeof schema !== 'object' || schema === null) return undefined;
    return { ...schema, components: this.document.components };
  }

  private responseValidator(operation: OperationDescription, status: string, mediaType: string): ValidateFunction {
    const operationPointer = `#/paths/${escapePointer(operation.path)}/${operation.method.toLowerCase()}`;
    const responsePointer = `${operationPointer}/responses/${status}`;
    return this.validator(`${this.pointerOf(responsePointer)}/content/${escapePointer(mediaType)}/schema`);
  }

  private validator(pointer: string): ValidateFunction {
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${this.documentId}${pointer}` });
      this.validators.set(pointer, validate);
    }
    return validate;
  }

  /** Follows a chain of $ref from a pointer to the pointer of the object itself. */
  private pointerOf(pointer: string): string {
    let current = pointer;
    for (let hops = 0; hops < 16; hops++) {
      const node = lookUp(this.document, current) as { $ref?: string } | undefined;
      if (!node || typeof node.$ref !== 'string') return current;
      current = node.$ref;
    }
    throw new Error(`A chain of $ref from ${pointer} does not end`);
  }

  private resolve<T>(pointer: string): T {
    return lookUp(this.document, this.pointerOf(pointer)) as T;
  }

  private describeOperations(): OperationDescription[] {
    const operations: OperationDescription[] = [];
    for (const [path, item] of Object.entries(this.document.paths)) {
      for (const method of methods) {
        const operation = item[method.toLowerCase()];
        if (!operation) continue;
        const base = `#/paths/${escapePointer(path)}/${method.toLowerCase()}`;
        const requirement = (operation.security ?? this.document.security ?? [])[0] ?? {};
        const declared = operation.requestBody
          ? this.resolve<{ required?: boolean; content?: Record<string, { schema?: object }> }>(`${base}/requestBody`)
          : undefined;
        const media = Object.entries(declared?.content ?? {});
        const ignored =
          media.length === 1 && media[0]![0] === '*/*' && Object.keys(media[0]![1].schema ?? {}).length === 0;
        const requestBody = declared ? { required: declared.required === true, ignored } : undefined;
        const responses = new Map<number, ResponseDescription>();
        const responseRanges = new Map<string, ResponseDescription>();
        for (const status of Object.keys(operation.responses)) {
          if (/^[1-5]XX$/.test(status)) {
            const first = Number(status[0]) * 100;
            responseRanges.set(status, this.describeResponse(`${base}/responses/${status}`, first));
          } else {
            responses.set(Number(status), this.describeResponse(`${base}/responses/${status}`, Number(status)));
          }
        }
        operations.push({
          operationId: operation.operationId,
          method,
          path,
          security: Object.keys(requirement),
          requestBody,
          responses,
          responseRanges,
        });
      }
    }
    return operations;
  }

  private describeResponse(pointer: string, status: number): ResponseDescription {
    const response = this.resolve<ResponseObject>(pointer);
    const [contentType, media] = Object.entries(response.content ?? {})[0] ?? [];
    const requiredHeaders = Object.entries(response.headers ?? {})
      .filter(
        ([, header]) =>
          ('$ref' in header ? (lookUp(this.document, header.$ref) as { required?: boolean }) : header).required,
      )
      .map(([name]) => name.toLowerCase());
    const examples = media
      ? [
          ...Object.values(media.examples ?? {}).map((example) => example.value),
          ...(media.example === undefined ? [] : [media.example]),
        ]
      : [];
    return { status, contentType, requiredHeaders, examples };
  }
}

function basePathOf(url: string | undefined): string {
  if (!url) return '';
  const path = new URL(url, 'http://placeholder').pathname.replace(/\/+$/, '');
  return path === '/' ? '' : path;
}

function lookUp(document: unknown, pointer: string): unknown {
  let node = document;
  for (const raw of pointer.replace(/^#\/?/, '').split('/')) {
    if (raw === '') continue;
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}

function excerpt(text: string): string {
  return text.length > 200 ? `${JSON.stringify(text.slice(0, 200))}...` : JSON.stringify(text);
}
