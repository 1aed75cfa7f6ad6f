/**
 * `--store redis://` with the real process (mock/main.ts) and a real redis-server:
 * start-up fails clearly when Redis is unreachable; replicas share the token
 * secret (and refuse a different one); a world changed through one replica holds
 * on the other.
 */
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest';
import { freePort } from '../contracts/runner/processes.ts';
import { configDefaults } from './config.ts';
import { callJson as call } from './testing/json-call.ts';
import { spawnMock } from './testing/mock-replicas.ts';
import { startRedisServer, type RedisServer } from './testing/redis-server.ts';

const apiKey = configDefaults.apiKeys[0]!;

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis?.stop());

function start(args: string[]) {
  const mock = spawnMock(args);
  onTestFinished(() => mock.stop());
  return {
    mock,
    origin: async () => (await mock.waitForOutput(/listening on (http:\/\/\S+)/, 30_000))[1]!,
  };
}

// The contract suite against mocks on Redis: mock/redis-replicas-contracts.process.test.ts (three replicas,
// round-robin), which covers one replica's run too.
describe('the mock with --store redis://', () => {
  test('refuses to start, with exit code 2 and a clear message, when Redis does not answer', async () => {
    const port = await freePort();
    const { mock } = start(['--store', `redis://127.0.0.1:${port}`]);
    const { code } = await mock.exited;
    expect(code).toBe(2);
    expect(mock.stderr()).toContain(`Cannot start the mock: Cannot reach Redis at redis://127.0.0.1:${port}`);
  });

  test('replicas share the token secret and the worlds; a replica with another secret refuses to start', async () => {
    const store = ['--store', redis.url];
    const a = await start(store).origin();
    const b = await start(store).origin();

    const wallet = await call(a, 'POST', '/__mock/wallet-token', {}, {});
    const created = await call(
      a,
      'POST',
      '/v1/session',
      { authorization: `Bearer ${wallet.body.token}`, 'x-api-key': apiKey },
      {},
    );
    expect(created.status).toBe(200);
    const current = await call(b, 'GET', '/v1/session/current', {
      authorization: `Bearer ${created.body.credentials.token}`,
      'x-api-key': apiKey,
    });
    expect(current.status).toBe(200);
    expect(current.body.id).toBe(created.body.sessionId);

    // A clock move through B holds on A as soon as B has answered.
    const moved = await call(b, 'POST', '/__mock/clock', {}, { advanceSeconds: 120 });
    expect(moved.status).toBe(200);
    const clock = await call(a, 'GET', '/__mock/clock');
    expect(clock.body).toMatchObject({ offsetSeconds: expect.any(Number) });
    expect(clock.body.offsetSeconds).toBeGreaterThanOrEqual(120);

    const other = start([...store, '--token-secret', 'x'.repeat(40)]);
    const { code } = await other.mock.exited;
    expect(code).toBe(2);
    expect(other.mock.stderr()).toContain('--token-secret differs from the one the other replicas');
  });
});
