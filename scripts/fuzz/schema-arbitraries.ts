/**
 * fast-check arbitraries derived from the request schemas of spec/session-api.yaml,
 * never hand-copied: `valid` yields bodies the schema accepts; `mutated` yields
 * the same bodies with one thing broken (an unknown field, a missing required
 * one, a wrong type, a number at or past an int32/int64 bound, hostile unicode).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { sessionApiFile } from '../../spec/index.ts';

type Schema = Record<string, unknown>;

/**
 * Stands for a JSON number literal that JavaScript cannot hold exactly (past
 * 2^53, or an int64 bound); `toJson` writes the digits verbatim.
 */
class RawNumber {
  constructor(readonly text: string) {}
}

export const boundaryNumbers: readonly (number | RawNumber)[] = [
  0,
  -1,
  -0,
  1.5,
  2_147_483_647,
  2_147_483_648,
  -2_147_483_648,
  -2_147_483_649,
  4_294_967_296,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  -Number.MAX_SAFE_INTEGER - 2,
  new RawNumber('9223372036854775807'),
  new RawNumber('9223372036854775808'),
  new RawNumber('-9223372036854775809'),
  new RawNumber('18446744073709551616'),
  new RawNumber('1e400'),
  new RawNumber('-1e400'),
  new RawNumber('1e-400'),
  new RawNumber('123456789012345678901234567890'),
  Number.MAX_VALUE,
  Number.MIN_VALUE,
];

/** Strings that have broken parsers, validators and loggers before. */
export const hostileStrings: readonly string[] = [
  '',
  ' ',
  '\u0000',
  '\u202e\u0041\u0042',
  '\ud83d\ude00',
  '\ud800',
  '\udfff',
  'e\u0301\u0301\u0301\u0301',
  '\ufeff{}',
  'null',
  '__proto__',
  'constructor',
  '../../../../etc/passwd',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '${jndi:ldap://127.0.0.1/a}',
  '%00%0d%0a',
  'a'.repeat(129),
  'a'.repeat(257),
  'a'.repeat(1025),
  '\u0130\u0131\u017f',
  '0x',
  '0xZZ',
  '0x' + 'f'.repeat(39),
  '0x' + 'F'.repeat(41),
];

const document = parseYaml(readFileSync(sessionApiFile, 'utf8')) as Schema;

function resolve(schema: Schema): Schema {
  let node = schema;
  for (let hops = 0; typeof node.$ref === 'string' && hops < 16; hops++) {
    let target: unknown = document;
    for (const part of node.$ref.replace(/^#\//, '').split('/'))
      target = (target as Schema)[part.replaceAll('~1', '/').replaceAll('~0', '~')];
    node = target as Schema;
  }
  return node;
}

const hex = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: length, maxLength: length });

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  const pattern = schema.pattern as string | undefined;
  const hexLength = pattern === undefined ? undefined : /^\^0x\[0-9a-fA-F\]\{(\d+)\}\$$/.exec(pattern)?.[1];
  if (hexLength !== undefined) return hex(Number(hexLength)).map((digits) => `0x${digits}`);
  const minLength = (schema.minLength as number | undefined) ?? 0;
  const maxLength = Math.min((schema.maxLength as number | undefined) ?? 64, 300);
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ minLength, maxLength: Math.min(maxLength, 40) }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength: Math.min(maxLength, 20) }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength, maxLength: Math.min(maxLength, 20) }) },
  );
}

function integerArbitrary(schema: Schema): fc.Arbitrary<number> {
  const min = (schema.minimum as number | undefined) ?? -(2 ** 31);
  const max = (schema.maximum as number | undefined) ?? 2 ** 31 - 1;
  return fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max));
}

/** An arbitrary of values the schema accepts (within reason: arrays kept short). */
export function validArbitrary(input: Schema, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(input);
  if (Array.isArray(schema.oneOf))
    return fc.oneof(...(schema.oneOf as Schema[]).map((branch) => validArbitrary(branch, depth + 1)));
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if (Array.isArray(schema.type)) {
    return fc.oneof(...(schema.type as string[]).map((type) => validArbitrary({ ...schema, type }, depth + 1)));
  }
  switch (schema.type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return integerArbitrary(schema);
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'string':
      return stringArbitrary(schema);
    case 'array': {
      const items = (schema.items as Schema | undefined) ?? {};
      return fc.array(validArbitrary(items, depth + 1), {
        maxLength: Math.min((schema.maxItems as number | undefined) ?? 4, 4),
      });
    }
    case 'object': {
      const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
      const required = (schema.required as string[] | undefined) ?? [];
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, property] of Object.entries(properties)) model[name] = validArbitrary(property, depth + 1);
      return fc.record(model, { requiredKeys: required });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A JSON-ish value that is wrong for almost any field. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, [], {}, '', 0),
  fc.constantFrom(...boundaryNumbers),
  fc.constantFrom(...hostileStrings),
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(fc.constantFrom(...boundaryNumbers), { maxLength: 3 }),
);

type Path = (string | number)[];

function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((item, index) => pathsOf(item, [...prefix, index], out));
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) pathsOf(item, [...prefix, key], out);
  return out;
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = (Array.isArray(root) ? [...(root as unknown[])] : { ...(root as object) }) as Record<
    string | number,
    unknown
  >;
  const [head, ...rest] = path;
  copy[head!] = setAt(copy[head!], rest, value);
  return copy;
}

function deleteAt(root: unknown, path: Path): unknown {
  if (path.length === 0) return root;
  if (path.length === 1) {
    if (Array.isArray(root)) return root.filter((_, index) => index !== path[0]);
    const { [path[0] as string]: _dropped, ...rest } = root as Record<string, unknown>;
    return rest;
  }
  const copy = (Array.isArray(root) ? [...(root as unknown[])] : { ...(root as object) }) as Record<
    string | number,
    unknown
  >;
  copy[path[0]!] = deleteAt(copy[path[0]!], path.slice(1));
  return copy;
}

/** A valid body with one or two things broken. */
export function mutatedArbitrary(schema: Schema): fc.Arbitrary<unknown> {
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: wrongValue }),
    fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
    fc.record({
      kind: fc.constant('add' as const),
      pick: fc.nat(),
      name: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'prototype', '$ref')),
      value: wrongValue,
    }),
  );
  return fc
    .tuple(validArbitrary(schema), fc.array(mutation, { minLength: 1, maxLength: 2 }))
    .map(([value, mutations]) => {
      let body: unknown = value;
      for (const step of mutations) {
        const paths = pathsOf(body);
        const path = paths[step.pick % paths.length]!;
        if (step.kind === 'replace') body = setAt(body, path, step.value);
        else if (step.kind === 'delete') body = deleteAt(body, path);
        else {
          const target = path.reduce<unknown>(
            (node, key) => (node as Record<string | number, unknown> | null | undefined)?.[key],
            body,
          );
          if (target !== null && typeof target === 'object' && !Array.isArray(target)) {
            // defineProperty so that "__proto__" becomes an own key, as JSON.parse would make it.
            const extended = { ...target };
            Object.defineProperty(extended, step.name, {
              value: step.value,
              enumerable: true,
              configurable: true,
              writable: true,
            });
            body = setAt(body, path, extended);
          } else body = setAt(body, path, step.value);
        }
      }
      return body;
    });
}

/** JSON text of a value, with RawNumber written as its digits. */
export function toJson(value: unknown): string {
  const marks: string[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof RawNumber) {
      marks.push(item.text);
      return `\u0000raw${marks.length - 1}\u0000`;
    }
    return item;
  });
  if (text === undefined) return 'null';
  return marks.length === 0
    ? text
    : text.replace(/"\\u0000raw(\d+)\\u0000"/g, (_, index: string) => marks[Number(index)]!);
}

/** The request body schema of an operation, by operationId (undefined: it takes none). */
export function requestSchemaOf(operationId: string): Schema | undefined {
  for (const item of Object.values(document.paths as Record<string, Record<string, Schema>>)) {
    for (const operation of Object.values(item)) {
      if (operation?.operationId !== operationId) continue;
      const body = operation.requestBody === undefined ? undefined : resolve(operation.requestBody as Schema);
      const content = body?.content as Record<string, { schema: Schema }> | undefined;
      return content ? Object.values(content)[0]?.schema : undefined;
    }
  }
  throw new Error(`No operation "${operationId}" in spec/session-api.yaml`);
}
