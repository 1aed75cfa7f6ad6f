/**
 * The journal keeps no secret whole (listRequests in spec/mock-control.yaml): a whole session's
 * lifecycle runs over HTTP, then the journal's JSON is searched for every token, password, API key
 * and signature the run issued or sent.
 */
import { describe, expect, test } from 'vitest';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { apiKey, harness, type Harness } from '../testing/harness.ts';

/** Every secret of the run, by what it is, so that a leak names itself. */
type Secrets = Map<string, string>;

function keep(secrets: Secrets, what: string, value: unknown): string {
  expect(typeof value, `${what} is a string`).toBe('string');
  secrets.set(what, value as string);
  return value as string;
}

async function runLifecycle(mock: Harness, secrets: Secrets): Promise<void> {
  keep(secrets, 'API key', apiKey);
  const password = keep(secrets, 'session password', 'correct-horse-battery-staple');
  const wrongPassword = keep(secrets, 'wrong password', 'incorrect-donkey-battery');

  // The wallet proof: nonce, signature, verify.
  const account = privateKeyToAccount(generatePrivateKey());
  const nonce = await mock.request({ method: 'GET', url: '/v1/wallet-proof/nonce' });
  const signature = keep(secrets, 'signature', await account.signMessage({ message: nonce.body.message }));
  const verified = await mock.request({
    method: 'POST',
    url: '/v1/wallet-proof/verify',
    json: { walletAddress: account.address, message: nonce.body.message, signature },
  });
  expect(verified.status, verified.text).toBe(200);
  const hostWalletToken = keep(secrets, 'host wallet token', verified.body.token);

  const created = await mock.request({
    method: 'POST',
    url: '/v1/session',
    headers: { authorization: `Bearer ${hostWalletToken}`, 'x-api-key': apiKey, 'x-request-id': 'lifecycle-create' },
    json: { rules: { password } },
  });
  expect(created.status, created.text).toBe(200);
  expect(created.headers['x-request-id']).toBe('lifecycle-create');
  const hostToken = keep(secrets, 'host session token', created.body.credentials.token);
  const sessionId = created.body.sessionId as string;

  const join = async (what: string, joinPassword: string) => {
    const walletToken = keep(secrets, `${what} wallet token`, (await mock.walletToken()).token);
    return mock.request({
      method: 'POST',
      url: '/v1/session/join',
      headers: { authorization: `Bearer ${walletToken}` },
      json: { sessionId, password: joinPassword },
    });
  };
  expect((await join('refused guest', wrongPassword)).status).toBe(401);
  const joined = await join('guest', password);
  expect(joined.status, joined.text).toBe(200);
  const guestToken = keep(secrets, 'guest session token', joined.body.credentials.token);
  expect((await mock.kick(hostToken, joined.body.credentials.id)).status).toBe(200);
  expect((await mock.current(hostToken)).status).toBe(200);
  expect((await mock.current(guestToken)).status).toBe(401);

  // The hub's way of sending a token, in the query: on the API, and on the hub's negotiate step.
  await mock.request({ method: 'GET', url: `/v1/session/current?access_token=${hostToken}&x=1` });
  const negotiated = await mock.raw({
    method: 'POST',
    url: `/v1/hubs/session/negotiate?negotiateVersion=1&access_token=${encodeURIComponent(hostToken)}`,
  });
  expect(negotiated.status).toBe(200);
}

/** What of the run's secrets the journal's JSON holds whole. */
function secretsInJournal(journalJson: string, secrets: Secrets): string[] {
  return [...secrets].filter(([, secret]) => journalJson.includes(secret)).map(([what]) => what);
}

describe('the request journal and secrets', () => {
  test('after a whole lifecycle no token, password, API key or signature appears whole in the journal', async () => {
    const mock = harness({ socket: true });
    const secrets: Secrets = new Map();
    await runLifecycle(mock, secrets);
    const journal = await mock.request({ method: 'GET', url: '/__mock/requests' });
    const entries = journal.body.requests as { operationId: string | null; query: string }[];
    expect(entries.map((entry) => entry.operationId)).toEqual(
      expect.arrayContaining(['getWalletNonce', 'verifyWalletProof', 'createSession', 'joinSession', 'kickUser']),
    );
    expect(secretsInJournal(journal.text, secrets)).toEqual([]);
    expect(entries.some((entry) => entry.query.includes('access_token=***'))).toBe(true);
    // The journal does record that there was a secret: its last 4 characters.
    const hostToken = secrets.get('host session token')!;
    expect(journal.text).toContain(`Bearer ***${hostToken.slice(-4)}`);
  });
});
