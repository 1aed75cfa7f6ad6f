/**
 * `--store rediss://` with the real process (mock/main.ts) and Debian's redis-server
 * speaking only TLS, with a certificate authority this test makes: the mock serves
 * through it when Node trusts that authority (NODE_EXTRA_CA_CERTS), and refuses to
 * start, saying so, when it does not.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest';
import { spawnProcess } from '../contracts/runner/processes.ts';
import { configDefaults } from './config.ts';
import { callJson as call } from './testing/json-call.ts';
import type { RedisServer } from './testing/redis-server.ts';
import { makeTestCertificates, startTlsRedisServer, type TestCertificates } from './testing/redis-tls.ts';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const apiKey = configDefaults.apiKeys[0]!;

let dir: string;
let certificates: TestCertificates;
let redis: RedisServer;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mock-redis-tls-'));
  certificates = makeTestCertificates(dir);
  redis = await startTlsRedisServer(certificates);
});
afterAll(async () => {
  await redis?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function start(args: string[], extraEnvironment: Record<string, string>) {
  const environment: Record<string, string | undefined> = { ...process.env, ...extraEnvironment };
  for (const name of ['PORT', 'HOST', 'MOCK_API_KEYS', 'MOCK_CONTROL_TOKEN', 'MOCK_TOKEN_SECRET', 'MOCK_STORE']) {
    delete environment[name];
  }
  if (!('NODE_EXTRA_CA_CERTS' in extraEnvironment)) delete environment.NODE_EXTRA_CA_CERTS;
  const mock = spawnProcess({
    name: 'mock/main.ts',
    command: process.execPath,
    args: ['--import', 'tsx', main, '--port', '0', '--log-level', 'warn', ...args],
    env: environment,
  });
  onTestFinished(() => mock.stop());
  return mock;
}

describe('the mock with --store rediss:// (TLS)', () => {
  test('serves through a redis-server that speaks only TLS when Node trusts its authority', async () => {
    const mock = start(['--store', redis.url], { NODE_EXTRA_CA_CERTS: certificates.caFile });
    const origin = (await mock.waitForOutput(/listening on (http:\/\/\S+)/, 30_000))[1]!;

    const wallet = await call(origin, 'POST', '/__mock/wallet-token', {}, {});
    const created = await call(
      origin,
      'POST',
      '/v1/session',
      { authorization: `Bearer ${wallet.body.token}`, 'x-api-key': apiKey },
      {},
    );
    expect(created.status).toBe(200);
    const current = await call(origin, 'GET', '/v1/session/current', {
      authorization: `Bearer ${created.body.credentials.token}`,
    });
    expect(current.status).toBe(200);
    expect(current.body.id).toBe(created.body.sessionId);

    // The session is in that Redis, read over TLS by a client of the test's.
    const reader = new Redis(redis.url, { tls: { ca: readFileSync(certificates.caFile) }, lazyConnect: true });
    onTestFinished(() => reader.disconnect());
    await reader.connect();
    const keys = await reader.keys(`*${created.body.sessionId}*`);
    expect(keys.length).toBeGreaterThan(0);
  });

  test("refuses to start (exit code 2) when Node does not trust Redis's certificate; says what to set", async () => {
    const mock = start(['--store', redis.url], {});
    const { code } = await mock.exited;
    expect(code).toBe(2);
    expect(mock.stderr()).toContain(`Cannot start the mock: Cannot reach Redis at ${redis.url}`);
    expect(mock.stderr()).toContain('SELF_SIGNED_CERT_IN_CHAIN');
    expect(mock.stderr()).toContain('NODE_EXTRA_CA_CERTS=');
  });
});
