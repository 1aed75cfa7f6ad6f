/**
 * Proof of isolated worlds (docs/architecture.md, Worlds): eight workers share one
 * mock process (the bundle `npm start` runs), each in a namespace of its own, each
 * resetting its world, moving its clock and adding fault rules while it runs
 * session lifecycles. Every request has one expected status, written next to it;
 * any other, or anything of another worker seen in a world, fails the test.
 */
import { randomBytes } from 'node:crypto';
import type { Pool } from 'undici';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Started } from '../contracts/runner/processes.ts';
import { call, createPool, type Answer } from './fuzz/http.ts';
import { startMock } from './mock-process.ts';

const workers = 8;
const rounds = 5;
const apiKey = 'mock-api-key';

let mock: Started;
beforeAll(async () => {
  mock = await startMock();
}, 60_000);
afterAll(() => mock?.stop());

interface Worker {
  readonly namespace: string;
  readonly pool: Pool;
  /** Every request that answered a status it should not have, or saw another world. */
  readonly unexpected: string[];
  requests: number;
}

const address = () => `0x${randomBytes(20).toString('hex')}`;
const json = <T>(answer: Answer) => JSON.parse(answer.body) as T;

/** One request in the worker's world, with the one status it must answer. */
async function expectStatus(
  worker: Worker,
  status: number,
  label: string,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  options: { json?: unknown; headers?: Record<string, string>; namespace?: string } = {},
): Promise<Answer> {
  const headers = { 'x-mock-namespace': options.namespace ?? worker.namespace, ...options.headers };
  const answer = await call(worker.pool, method, path, { ...options, headers });
  worker.requests++;
  if (answer.status !== status)
    worker.unexpected.push(`${worker.namespace} ${label}: ${answer.status}, expected ${status}: ${answer.body}`);
  return answer;
}

async function walletToken(worker: Worker): Promise<string> {
  const minted = await expectStatus(worker, 200, 'mint a wallet token', 'POST', '/__mock/wallet-token', {
    json: { address: address() },
  });
  return json<{ token: string }>(minted).token;
}

async function round(worker: Worker, index: number, neighbour: string): Promise<void> {
  const seen = (label: string, ok: boolean, detail: unknown) => {
    if (!ok) worker.unexpected.push(`${worker.namespace} round ${index}: ${label}: ${JSON.stringify(detail)}`);
  };
  // A fresh world: no sessions, no faults, the clock back at real time.
  await expectStatus(worker, 204, 'reset', 'POST', '/__mock/reset');
  const afterReset = json<{ sessions: unknown[] }>(await expectStatus(worker, 200, 'list', 'GET', '/__mock/sessions'));
  seen('sessions right after the reset', afterReset.sessions.length === 0, afterReset.sessions);

  // The clock moves by this worker's own amount, whatever the others do to theirs.
  const advance = 1000 * (index + 1) + worker.namespace.length;
  await expectStatus(worker, 200, 'advance the clock', 'POST', '/__mock/clock', { json: { advanceSeconds: advance } });
  const clock = json<{ offsetSeconds: number }>(
    await expectStatus(worker, 200, 'read the clock', 'GET', '/__mock/clock'),
  );
  seen('clock offset', Math.abs(clock.offsetSeconds - advance) <= 2, clock);

  // A fault rule answers this world's nonce requests with a status of this worker's own, once.
  const faultStatus = 500 + Number(worker.namespace.slice(-1));
  await expectStatus(worker, 201, 'add a fault', 'POST', '/__mock/faults', {
    json: { method: 'GET', path: '/v1/wallet-proof/nonce', status: faultStatus, times: 1 },
  });
  const faulted = await expectStatus(worker, faultStatus, 'nonce under the fault', 'GET', '/v1/wallet-proof/nonce');
  seen('injected fault type', String(json<{ type?: string }>(faulted).type).endsWith('injected-fault'), faulted.body);
  await expectStatus(worker, 200, 'nonce after the fault fired', 'GET', '/v1/wallet-proof/nonce');

  // The lifecycle: create, join, current, kick, delete.
  const created = await expectStatus(worker, 200, 'create', 'POST', '/v1/session', {
    json: {},
    headers: { authorization: `Bearer ${await walletToken(worker)}`, 'x-api-key': apiKey },
  });
  const host = json<{ sessionId: string; credentials: { token: string; id: string } }>(created);
  const joined = await expectStatus(worker, 200, 'join', 'POST', '/v1/session/join', {
    json: { sessionId: host.sessionId },
    headers: { authorization: `Bearer ${await walletToken(worker)}` },
  });
  const guest = json<{ credentials: { token: string; id: string } }>(joined).credentials;
  const asHost = { authorization: `Bearer ${host.credentials.token}` };
  const current = await expectStatus(worker, 200, 'current', 'GET', '/v1/session/current', { headers: asHost });
  const users = json<{ users: { id: string }[] }>(current).users.map((user) => user.id);
  seen('members', users.length === 2 && users.includes(guest.id), users);
  // The host's token is refused in the neighbour's world and without the header's world.
  await expectStatus(worker, 401, 'current in the neighbour world', 'GET', '/v1/session/current', {
    headers: asHost,
    namespace: neighbour,
  });
  const listed = json<{ sessions: { id: string }[] }>(
    await expectStatus(worker, 200, 'list', 'GET', '/__mock/sessions'),
  );
  seen('sessions of this world', listed.sessions.length === 1 && listed.sessions[0]?.id === host.sessionId, listed);
  await expectStatus(worker, 200, 'kick', 'POST', '/v1/session/current/kick', {
    json: { userId: guest.id },
    headers: asHost,
  });
  await expectStatus(worker, 401, 'current as the kicked guest', 'GET', '/v1/session/current', {
    headers: { authorization: `Bearer ${guest.token}` },
  });
  await expectStatus(worker, 200, 'delete', 'DELETE', '/v1/session/current', { headers: asHost });
  await expectStatus(worker, 404, 'current after the delete', 'GET', '/v1/session/current', { headers: asHost });
}

test('eight workers in their own namespaces of one mock never see each other', async () => {
  const all: Worker[] = Array.from({ length: workers }, (_, i) => ({
    namespace: `worker-${i}`,
    pool: createPool(mock.origin, 4),
    unexpected: [],
    requests: 0,
  }));
  try {
    await Promise.all(
      all.map(async (worker, i) => {
        try {
          for (let index = 0; index < rounds; index++) await round(worker, index, all[(i + 1) % workers]!.namespace);
        } catch (error) {
          // An answer so far off that the next step could not be built (no token to use): already listed above.
          worker.unexpected.push(`${worker.namespace} stopped: ${(error as Error).message}`);
        }
      }),
    );
  } finally {
    await Promise.all(all.map((worker) => worker.pool.close()));
  }
  expect(all.flatMap((worker) => worker.unexpected)).toEqual([]);
  // 18 requests a round (mints included), every one answered as written above.
  expect(all.map((worker) => worker.requests)).toEqual(Array.from({ length: workers }, () => rounds * 18));
  // The default world saw none of it.
  const pool = createPool(mock.origin, 1);
  const inDefault = JSON.parse((await call(pool, 'GET', '/__mock/sessions')).body) as { sessions: unknown[] };
  await pool.close();
  expect(inDefault.sessions).toEqual([]);
}, 60_000);
