/**
 * What one fuzzed request is: a plan drawn by fast-check (so a seed replays a
 * run), turned into bytes against the fixtures of the running mock (real tokens,
 * sessions and wallet proofs, plus forged ones) only when it is sent.
 */
import fc from 'fast-check';
import type { OperationDescription } from '../../spec/index.ts';
import {
  boundaryNumbers,
  hostileStrings,
  mutatedArbitrary,
  requestSchemaOf,
  toJson,
  validArbitrary,
} from './schema-arbitraries.ts';

export type Target =
  | { kind: 'operation'; operation: number }
  | { kind: 'wrong-method'; operation: number; method: string }
  | { kind: 'unknown-path'; path: string; method: string };

export type BodyPlan =
  | { kind: 'none' }
  | { kind: 'valid'; value: unknown; knownId: boolean }
  | { kind: 'mutated'; value: unknown }
  | { kind: 'json'; value: unknown }
  | { kind: 'numbers'; field: string; value: unknown }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'truncated'; value: unknown; cut: number }
  | { kind: 'huge'; extraBytes: number }
  | { kind: 'deep'; depth: number; asObject: boolean }
  | { kind: 'wide'; keys: number }
  | { kind: 'proof'; index: number; tamper: boolean };

export const authKinds = [
  'wallet',
  'host',
  'guest',
  'expired',
  'not-yet-valid',
  'issued-in-future',
  'alg-none',
  'alg-hs512',
  'other-secret',
  'no-kind',
  'unknown-kind',
  'wrong-issuer',
  'no-exp',
  'tampered-payload',
  'tampered-signature',
  'truncated',
  'unknown-session',
  'garbage',
  'empty',
  'scheme-only',
  'basic',
  'lowercase-scheme',
  'huge',
] as const;
export type AuthKind = (typeof authKinds)[number];

const apiKeyKinds = ['valid', 'wrong', 'empty', 'prefix', 'suffix', 'case', 'long', 'spaces'] as const;
export type ApiKeyKind = (typeof apiKeyKinds)[number];

export interface FuzzCase {
  target: Target;
  body: BodyPlan;
  /** undefined: no Content-Type header. */
  contentType: string | undefined;
  authorization: { kind: AuthKind; pick: number }[];
  apiKey: ApiKeyKind[];
  headers: [string, string][];
  /** Bytes of one extra header past Node's 16 KiB default (431 expected), or 0. */
  oversizedHeader: number;
  query: string;
  prefer: string | undefined;
  /** The X-Mock-Namespace header: left out, a valid name, an invalid one, or a name no other case uses. */
  namespace: NamespacePlan;
}

export type NamespacePlan =
  { kind: 'none' } | { kind: 'valid'; name: string } | { kind: 'invalid'; value: string } | { kind: 'distinct' };

/** Values X-Mock-Namespace may not carry (spec/mock-overlay.yaml), each one undici sends as written. */
const invalidNamespaces = ['-lead', '.dot', '_under', 'has space', 'a/b', 'a:b', 'x'.repeat(65), '%41', 'a\\b'];

const tokenChars = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const headerName = fc.string({ unit: fc.constantFrom(...tokenChars), minLength: 1, maxLength: 24 });
// What undici lets through: tab, visible ASCII and space (obs-text would be re-encoded).
const headerValue = fc.string({
  unit: fc.constantFrom(...'\t !"#$%&\'()*+,-./0123456789:;<=>?@AZaz[\\]^_`{|}~'),
  maxLength: 200,
});

const contentTypes = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'Application/JSON',
      'application/merge-patch+json',
      'application/problem+json; charset=UTF-8',
    ),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'application/jsonx',
      'application/json;;;',
      ';;;',
      '',
      '*/*',
      'application/*',
      'json',
      'application/json; charset="utf-8"; charset=ascii',
    ),
  },
  { weight: 1, arbitrary: headerValue },
  { weight: 2, arbitrary: fc.constant(undefined) },
);

const unknownPaths = fc.oneof(
  fc
    .array(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 4 })
    .map((segments) => `/v1/${segments.map(encodeURIComponent).join('/')}`),
  fc.constantFrom(
    '/',
    '/v1',
    '/v1/',
    '/v2/session',
    '/V1/SESSION',
    '/v1/session/',
    '/v1//session',
    '/v1/session/current/',
    '/v1/session/current/kick/extra',
    '/v1/session/%2e%2e/session',
    '/v1/session/../session',
    '/v1/%00',
    '/v1/session%2fjoin',
    '/v1/wallet-proof',
    '/session',
    '/__mock',
    '/__mock/unknown',
    '/favicon.ico',
    '/v1/' + 'a'.repeat(4000),
  ),
);

const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

function bodyPlan(operation: OperationDescription | undefined, bodyLimit: number): fc.Arbitrary<BodyPlan> {
  const schema = operation ? requestSchemaOf(operation.operationId) : undefined;
  const fallback = requestSchemaOf('createSession')!;
  const numberFields = ['userCapacity', 'expiryDurationInSeconds'];
  const options: { weight: number; arbitrary: fc.Arbitrary<BodyPlan> }[] = [
    { weight: 4, arbitrary: fc.constant({ kind: 'none' as const }) },
    {
      weight: 14,
      arbitrary: fc.record({
        kind: fc.constant('valid' as const),
        value: validArbitrary(schema ?? fallback),
        knownId: fc.boolean(),
      }),
    },
    {
      weight: 10,
      arbitrary: fc.record({ kind: fc.constant('mutated' as const), value: mutatedArbitrary(schema ?? fallback) }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('json' as const),
        value: fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(...hostileStrings)),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('numbers' as const),
        field: fc.constantFrom(...numberFields),
        value: fc.constantFrom(...boundaryNumbers),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({ kind: fc.constant('bytes' as const), bytes: fc.uint8Array({ maxLength: 256 }) }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('truncated' as const),
        value: validArbitrary(schema ?? fallback),
        cut: fc.nat(),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('huge' as const), extraBytes: fc.integer({ min: 1, max: bodyLimit }) }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('deep' as const),
        depth: fc.integer({ min: 100, max: 200_000 }),
        asObject: fc.boolean(),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('wide' as const), keys: fc.integer({ min: 100, max: 20_000 }) }),
    },
  ];
  if (operation?.operationId === 'verifyWalletProof') {
    options.push({
      weight: 10,
      arbitrary: fc.record({ kind: fc.constant('proof' as const), index: fc.nat(), tamper: fc.boolean() }),
    });
  }
  return fc.oneof(...options);
}

/**
 * Mostly the credential the operation needs, so that requests get past 401 to
 * the schema and the session rules; any other kind the rest of the time.
 */
function authKindFor(operation: OperationDescription | undefined): fc.Arbitrary<AuthKind> {
  const genuine: AuthKind[] = operation?.security.includes('SessionToken')
    ? ['host', 'guest']
    : operation?.security.includes('WalletToken')
      ? ['wallet']
      : [];
  const any = fc.constantFrom(...authKinds);
  return genuine.length === 0
    ? any
    : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...genuine) }, { weight: 2, arbitrary: any });
}

/** The arbitrary of whole cases, for the operations of the spec. */
export function caseArbitrary(operations: readonly OperationDescription[], bodyLimit: number): fc.Arbitrary<FuzzCase> {
  const target: fc.Arbitrary<Target> = fc.oneof(
    {
      weight: 16,
      arbitrary: fc.nat({ max: operations.length - 1 }).map((operation) => ({ kind: 'operation' as const, operation })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.nat({ max: operations.length - 1 }), fc.constantFrom(...methods))
        .filter(
          ([index, method]) =>
            !operations.some((other) => other.path === operations[index]!.path && other.method === method),
        )
        .map(([operation, method]) => ({ kind: 'wrong-method' as const, operation, method })),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('unknown-path' as const),
        path: unknownPaths,
        method: fc.constantFrom(...methods),
      }),
    },
  );
  return target.chain((chosen) => {
    const operation = chosen.kind === 'unknown-path' ? undefined : operations[chosen.operation];
    return fc.record({
      target: fc.constant(chosen),
      body: bodyPlan(operation, bodyLimit),
      contentType: contentTypes,
      authorization: fc
        .array(fc.record({ kind: authKindFor(operation), pick: fc.nat() }), { minLength: 0, maxLength: 2 })
        .chain((list) =>
          // Most requests carry one credential; duplicates and none are the minority.
          fc.oneof(
            { weight: 6, arbitrary: fc.constant(list.slice(0, 1)) },
            { weight: 1, arbitrary: fc.constant(list) },
          ),
        ),
      apiKey: fc
        .array(
          fc.oneof(
            { weight: 1, arbitrary: fc.constantFrom(...apiKeyKinds) },
            { weight: 1, arbitrary: fc.constant('valid' as const) },
          ),
          { minLength: 0, maxLength: 2 },
        )
        .chain((list) =>
          fc.oneof(
            { weight: 6, arbitrary: fc.constant(list.slice(0, 1)) },
            { weight: 1, arbitrary: fc.constant(list) },
          ),
        ),
      headers: fc.oneof(
        { weight: 5, arbitrary: fc.constant([] as [string, string][]) },
        { weight: 1, arbitrary: fc.array(fc.tuple(headerName, headerValue), { maxLength: 4 }) },
      ),
      oversizedHeader: fc.oneof(
        { weight: 60, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.integer({ min: 17 * 1024, max: 80 * 1024 }) },
      ),
      query: fc.oneof(
        { weight: 10, arbitrary: fc.constant('') },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            '?chain=Ethereum',
            '?chain=Bitcoin',
            '?chain=',
            '?chain=Ethereum&chain=Ethereum',
            '?token=secret-in-query',
          ),
        },
        { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map((text) => `?q=${encodeURIComponent(text)}`) },
      ),
      namespace: fc.oneof(
        { weight: 12, arbitrary: fc.constant({ kind: 'none' as const }) },
        {
          weight: 2,
          arbitrary: fc
            .constantFrom('fuzz-a', 'fuzz-b', 'Team.B_2', '0', 'n'.repeat(64))
            .map((name) => ({ kind: 'valid' as const, name })),
        },
        {
          weight: 1,
          arbitrary: fc.constantFrom(...invalidNamespaces).map((value) => ({ kind: 'invalid' as const, value })),
        },
        { weight: 3, arbitrary: fc.constant({ kind: 'distinct' as const }) },
      ),
      prefer: fc.oneof(
        { weight: 30, arbitrary: fc.constant(undefined) },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom(200, 400, 401, 403, 404, 409, 413, 415, 422, 503, 418, 599, 100)
            .map((code) => `code=${code}`),
        },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            'latency=abc',
            'latency=-1',
            'latency=10001',
            'latency=1e3',
            'latency=0',
            'latency=2',
            'code=abc',
            'respond-async',
            '',
          ),
        },
      ),
    });
  });
}

/** Byte-level rendering of the body plans that need the mock's fixtures or limits. */
export interface BodyFixtures {
  bodyLimit: number;
  knownSessionId(pick: number): string;
  knownUserId(pick: number): string;
  proof(index: number): { walletAddress: string; message: string; signature: string } | undefined;
}

export function renderBody(
  plan: BodyPlan,
  operationId: string | undefined,
  fixtures: BodyFixtures,
  pick: number,
): string | Uint8Array | undefined {
  switch (plan.kind) {
    case 'none':
      return undefined;
    case 'valid': {
      let value = plan.value;
      if (plan.knownId && value !== null && typeof value === 'object') {
        if (operationId === 'joinSession') value = { ...value, sessionId: fixtures.knownSessionId(pick) };
        if (operationId === 'kickUser') value = { ...(value as object), userId: fixtures.knownUserId(pick) };
      }
      return toJson(value);
    }
    case 'mutated':
    case 'json':
      return toJson(plan.value);
    case 'numbers':
      return toJson(
        operationId === 'createSession' ? { rules: { [plan.field]: plan.value } } : { [plan.field]: plan.value },
      );
    case 'bytes':
      return plan.bytes;
    case 'truncated': {
      const text = toJson(plan.value);
      return text.slice(0, plan.cut % Math.max(1, text.length));
    }
    case 'huge':
      return `{"padding":"${'x'.repeat(fixtures.bodyLimit + plan.extraBytes)}"}`;
    case 'deep':
      return plan.asObject
        ? '{"a":'.repeat(plan.depth) + '1' + '}'.repeat(plan.depth)
        : '['.repeat(plan.depth) + ']'.repeat(plan.depth);
    case 'wide': {
      const parts: string[] = [];
      for (let index = 0; index < plan.keys; index++) parts.push(`"k${index}":${index}`);
      return `{${parts.join(',')}}`;
    }
    case 'proof': {
      const proof = fixtures.proof(plan.index);
      if (!proof) return '{}';
      const signature = plan.tamper
        ? proof.signature.slice(0, -2) + (proof.signature.endsWith('1b') ? '1c' : '1b')
        : proof.signature;
      return toJson({ ...proof, signature });
    }
  }
}
