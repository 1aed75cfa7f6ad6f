/**
 * `--state-file` with the real process (mock/main.ts): SIGTERM then a restart keeps
 * every world and token; SIGKILL at random moments during saves never leaves a
 * file that fails to load; a corrupt file stops the start and is left untouched.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { afterAll, describe, expect, onTestFinished, test } from 'vitest';
import { ApiDescription, mockControlFile } from '../spec/index.ts';
import { spawnProcess } from '../contracts/runner/processes.ts';
import { configDefaults } from './config.ts';
import { readStateFile } from './state-file.ts';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const control = ApiDescription.fromFile(mockControlFile, 'mock-control');
const directory = mkdtempSync(path.join(tmpdir(), 'mock-state-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function start(file: string, env: Record<string, string> = {}) {
  const environment = { ...process.env, ...env };
  for (const name of ['PORT', 'HOST', 'MOCK_API_KEYS', 'MOCK_CONTROL_TOKEN', 'MOCK_TOKEN_SECRET']) {
    delete environment[name];
  }
  const mock = spawnProcess({
    name: 'mock/main.ts',
    command: process.execPath,
    args: ['--import', 'tsx', main, '--port', '0', '--log-level', 'debug', '--state-file', file],
    env: environment,
  });
  onTestFinished(() => mock.stop());
  return {
    mock,
    origin: async () => (await mock.waitForOutput(/listening on (http:\/\/\S+)/, 30_000))[1]!,
    exit: mock.exited.then(async ({ code, signal }) => (await mock.stop(), { code, signal })),
  };
}

async function call(origin: string, method: 'GET' | 'POST', url: string, headers = {}, body?: unknown) {
  const response = await request(`${origin}${url}`, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.body.text();
  return { status: response.statusCode, text, body: text ? JSON.parse(text) : undefined };
}

/** A session in `namespace`: its creator's token. */
async function createSession(origin: string, namespace: string): Promise<string> {
  const headers = { 'x-mock-namespace': namespace };
  const wallet = await call(origin, 'POST', '/__mock/wallet-token', headers, {});
  const created = await call(
    origin,
    'POST',
    '/v1/session',
    { ...headers, authorization: `Bearer ${wallet.body.token}`, 'x-api-key': configDefaults.apiKeys[0]! },
    {},
  );
  expect(created.status, created.text).toBe(200);
  return created.body.credentials.token;
}

const limits = { maxSessions: configDefaults.maxSessions, maxNonces: configDefaults.maxNonces };

describe('--state-file', () => {
  test('SIGTERM then a restart keeps every world, its clock and every token', { timeout: 60_000 }, async () => {
    const file = path.join(directory, 'restart.json');
    const first = start(file);
    const origin = await first.origin();
    const tokens = { default: await createSession(origin, 'default'), other: await createSession(origin, 'other') };
    await call(origin, 'POST', '/__mock/clock', { 'x-mock-namespace': 'other' }, { advanceSeconds: 600 });
    const current = async (at: string, namespace: 'default' | 'other') =>
      call(at, 'GET', '/v1/session/current', {
        'x-mock-namespace': namespace,
        authorization: `Bearer ${tokens[namespace]}`,
      });
    const before = { default: await current(origin, 'default'), other: await current(origin, 'other') };
    expect(before.default.status).toBe(200);
    first.mock.signal('SIGTERM');
    expect((await first.exit).code).toBe(0);

    const second = start(file);
    const again = await second.origin();
    expect(await current(again, 'default')).toEqual(before.default);
    expect(await current(again, 'other')).toEqual(before.other);
    const clock = await call(again, 'GET', '/__mock/clock', { 'x-mock-namespace': 'other' });
    expect(clock.body.offsetSeconds).toBeGreaterThanOrEqual(600);
  });

  test(
    'a SIGKILL at random moments during saves never leaves a file that fails to load',
    { timeout: 120_000 },
    async () => {
      const file = path.join(directory, 'killed.json');
      const pauseMs = 200;
      let killedWhileSaving = 0;
      let previous: (string | undefined)[] = [];
      const rounds = 20;
      for (let round = 0; round < rounds; round++) {
        // Starting at all proves the file the last kill left loads (a broken one: exit code 2).
        const run = start(file, { MOCK_TEST_STATE_WRITE_PAUSE_MS: String(pauseMs) });
        const origin = await run.origin();
        const saving = run.mock.waitForOutput(/state: saving/, 30_000);
        await call(origin, 'POST', '/__mock/faults', {}, { path: `/round/${round}`, status: 500 });
        await saving;
        await sleep(Math.random() * pauseMs * 1.3);
        run.mock.signal('SIGKILL');
        expect((await run.exit).signal).toBe('SIGKILL');
        const output = run.mock.output();
        if (!output.includes('state: saved')) killedWhileSaving++;

        // The file this round began with, or that one with this round's rule: never anything else.
        const paths = readStateFile(file, control, limits)?.worlds.flatMap((world) =>
          world.state.faults.map((rule) => rule.path),
        );
        expect([previous, [...previous, `/round/${round}`]]).toContainEqual(paths ?? []);
        previous = paths ?? [];
      }
      expect(killedWhileSaving, 'kills that landed between "state: saving" and "state: saved"').toBeGreaterThanOrEqual(
        5,
      );
    },
  );

  test('a corrupt file stops the start with exit code 2 and a clear message, and is left untouched', async () => {
    const file = path.join(directory, 'corrupt.json');
    const bytes = Buffer.from('{"format":"session-api-mock/state","version":1,"worlds":[{"version":2,"names');
    writeFileSync(file, bytes);
    const run = start(file);
    expect((await run.exit).code).toBe(2);
    expect(run.mock.stderr()).toMatch(
      /Cannot start the mock: the state file .*corrupt\.json is broken: it is not JSON/,
    );
    expect(readFileSync(file)).toEqual(bytes);
  });
});
