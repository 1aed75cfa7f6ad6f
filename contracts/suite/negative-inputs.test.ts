/**
 * Bodies derived from the spec's schemas that break them. Whatever a server
 * answers, it must never be a success or a server error (core); by the rules it
 * is exactly 422 listing the offending fields, and 400 on wallet-proof verify (strict).
 * Through Prism these bodies never reach the server (Prism refuses them itself),
 * hence direct-only.
 */
import { config } from './config.ts';
import type { Api } from './fixtures.ts';
import { describe, expect, test } from './fixtures.ts';
import { negativeBodies, type NegativeCase } from './negative-inputs.ts';

const address = '0x2B5AD5c4795c026514f8317c7a215E218DcCD6cF';

type Target = 'create' | 'join' | 'kick' | 'verify';

const bodies: Record<Target, NegativeCase[]> = {
  create: [
    ...negativeBodies('CreateSessionRequest', {
      identity: { name: 'Ada', chainAddress: address },
      rules: {
        userCapacity: 3,
        expiryDurationInSeconds: 600,
        password: 'pw',
        allowOnlyWhitelistedAddresses: false,
        whiteListAddresses: [{ address, chain: 'Ethereum' }],
      },
      password: 'pw',
      whiteListAddresses: [address],
    }),
    {
      label: '/rules/whiteListAddresses/0/address: a malformed address',
      pointer: '/rules/whiteListAddresses/0/address',
      body: { rules: { whiteListAddresses: [{ address: '0x1234' }] } },
    },
    {
      label: '/rules/whiteListAddresses/0/chain: an unknown chain',
      pointer: '/rules/whiteListAddresses/0/chain',
      body: { rules: { whiteListAddresses: [{ address, chain: 'Solana' }] } },
    },
    {
      label: '/whiteListAddresses/0: a malformed address',
      pointer: '/whiteListAddresses/0',
      body: { whiteListAddresses: ['not-an-address'] },
    },
  ],
  join: negativeBodies('JoinSessionRequest', { sessionId: '00000000-0000-4000-8000-000000000000', password: 'pw' }),
  kick: negativeBodies('KickRequest', { userId: 'someone' }),
  verify: negativeBodies('VerifyWalletRequest', {
    walletAddress: address,
    message: 'Sign this',
    signature: `0x${'ab'.repeat(65)}`,
  }),
};

const paths: Record<Target, string> = {
  create: '/session',
  join: '/session/join',
  kick: '/session/current/kick',
  verify: '/wallet-proof/verify',
};

/** Valid credentials for the target, so that only the body can be wrong. */
async function credentials(api: Api, target: Target): Promise<Record<string, string>> {
  if (target === 'create') return { authorization: `Bearer ${await api.walletToken()}`, 'x-api-key': config.apiKey };
  if (target === 'join') return { authorization: `Bearer ${await api.walletToken()}` };
  if (target === 'kick') return { authorization: `Bearer ${(await api.create()).host.token}` };
  return {};
}

async function send(api: Api, target: Target, body: unknown) {
  const headers = { 'content-type': 'application/json', ...(await credentials(api, target)) };
  const exchange = await api.client.raw({ method: 'POST', path: paths[target], headers, body: JSON.stringify(body) });
  if (target === 'create' && exchange.status === 200) {
    // The server took a body it should have refused; do not leave its session behind.
    const token = (JSON.parse(exchange.body) as { credentials?: { token?: string } }).credentials?.token;
    if (token) await api.client.deleteCurrentSession(token);
  }
  return exchange;
}

/**
 * The status the rules give these bodies (spec/session-api.yaml): they are valid
 * JSON in application/json and come with valid credentials, so the first check
 * that fails in the documented order is the schema's, 422; wallet-proof verify
 * answers every failure with 400 (its description).
 */
const schemaRule = {
  status: 422,
  rule:
    'a readable body with valid credentials that breaks the schema -> 422 (the check order: body, ' +
    'credentials, schema)',
};
const schemaFailure: Record<Target, { status: number; rule: string }> = {
  create: schemaRule,
  join: schemaRule,
  kick: schemaRule,
  verify: { status: 400, rule: 'every failure of wallet-proof verify is a 400, schema errors included' },
};

const cases = (Object.keys(bodies) as Target[]).flatMap((target) =>
  bodies[target].map((negative) => ({
    operation: `POST ${paths[target]}`,
    target,
    expected: schemaFailure[target].status,
    ...negative,
  })),
);

describe('bodies that break the schema', () => {
  test.for(cases)(
    '$operation answers $expected, never 2xx or 5xx, to $label',
    { tags: ['core', 'direct-only'] },
    async ({ target, body, expected }, { api }) => {
      api.expectStatus(await send(api, target, body), expected, schemaFailure[target].rule);
    },
  );

  // Only a 422 lists the offending fields (the spec's Problem.errors); verify's 400 need not.
  const listed = cases.filter(({ expected }) => expected === 422);
  test.for(listed)(
    '$operation answers 422 listing the offending field of $label',
    { tags: ['strict', 'direct-only'] },
    async ({ target, body, pointer }, { api }) => {
      const problem = api.expectStatus(await send(api, target, body), 422, schemaFailure[target].rule).json as {
        errors?: { pointer: string }[];
      };
      expect(
        problem.errors?.map((error) => error.pointer),
        `validation errors list the offending fields (spec/session-api.yaml, Problem.errors): ` +
          `${pointer || '(the body)'} must be among them`,
      ).toContain(pointer);
    },
  );
});

describe('bodies that cannot be read', () => {
  const targets: Target[] = ['create', 'join', 'kick', 'verify'];
  const unreadable = [
    { label: 'malformed JSON', contentType: 'application/json', body: '{"a": ', expected: 400 },
    { label: 'a text/plain body', contentType: 'text/plain', body: '{}', expected: 415 },
    { label: 'a JSON body in Latin-1', contentType: 'application/json; charset=iso-8859-1', body: '{}', expected: 415 },
    {
      label: 'a body over 1 MiB',
      contentType: 'application/json',
      body: JSON.stringify({ padding: 'x'.repeat(1_100_000) }),
      expected: 413,
    },
  ];
  test.for(
    targets.flatMap((target) => unreadable.map((item) => ({ operation: `POST ${paths[target]}`, target, ...item }))),
  )(
    '$operation answers $expected to $label',
    { tags: ['strict', 'direct-only'] },
    async ({ target, contentType, body, expected }, { api }) => {
      const headers = { 'content-type': contentType, ...(await credentials(api, target)) };
      const exchange = await api.client.raw({ method: 'POST', path: paths[target], headers, body });
      api.expectStatus(
        exchange,
        target === 'verify' ? 400 : expected,
        target === 'verify'
          ? 'every failure of wallet-proof verify is a 400'
          : `a body that cannot be read -> ${expected} (docs/rules.md §16 and §17)`,
      );
    },
  );

  test('takes any +json media type in UTF-8', { tags: ['strict', 'direct-only'] }, async ({ api }) => {
    const session = await api.create();
    const token = await api.walletToken();
    const exchange = await api.client.raw({
      method: 'POST',
      path: '/session/join',
      headers: { 'content-type': 'application/merge-patch+json; charset=utf-8', authorization: `Bearer ${token}` },
      body: JSON.stringify({ sessionId: session.sessionId }),
    });
    api.expectStatus(exchange, 200, 'a body of application/json or another +json type in UTF-8 is read');
  });
});
