/**
 * The one real-port smoke test: `mock/main.ts` as a child process, driven over
 * undici, shut down with SIGTERM. And `--help`.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { describe, expect, onTestFinished, test } from 'vitest';
import { spawnProcess } from '../contracts/runner/processes.ts';
import { repoRoot as repo } from '../contracts/runner/repo-root.ts';
import { buildCommand } from './config.ts';
import { specViolations } from './testing/harness.ts';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));

const banner = /Session API mock listening on (http:\/\/\S+)[\s\S]*control plane: .*\n/;

function start(args: string[]) {
  const env = { ...process.env };
  for (const name of ['PORT', 'HOST', 'MOCK_API_KEYS', 'MOCK_CONTROL_TOKEN']) delete env[name];
  const command = { command: process.execPath, args: ['--import', 'tsx', main, ...args], env };
  const mock = spawnProcess({ name: 'mock/main.ts', ...command });
  onTestFinished(() => mock.stop());
  return {
    signal: (signal: NodeJS.Signals) => mock.signal(signal),
    output: () => mock.output(),
    // Once it has exited and its output is all read.
    exit: mock.exited.then(async ({ code }) => (await mock.stop(), code)),
    // The whole banner: its last line names the control plane.
    origin: async () => (await mock.waitForOutput(banner))[1]!,
    firstOutput: () => mock.waitForOutput(/./),
    // On the event that brings the output; fails if the mock exits first, or after a generous bound.
    waitFor: (pattern: RegExp, withinMs: number) => mock.waitForOutput(pattern, withinMs),
  };
}

async function call(
  origin: string,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
) {
  const response = await request(`${origin}${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.body.text();
  const seen: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(response.headers))
    seen[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  const answer = {
    status: response.statusCode,
    headers: seen,
    text,
    body: text ? JSON.parse(text) : undefined,
    operationId: undefined,
  };
  // Over a real socket too, every answer must be what the spec describes.
  expect(specViolations({ method, url: path }, answer), `${method} ${path}`).toEqual([]);
  return answer;
}

describe('npm start (mock/main.ts)', () => {
  test('serves create, current and delete on a real port, and exits 0 on SIGTERM', async () => {
    const mock = start(['--port', '0', '--log-level', 'warn']);
    const origin = await mock.origin();
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(mock.output()).toContain('mock-api-key');
    expect(mock.output()).toContain(`${origin}/__mock/wallet-token`);

    const wallet = await call(origin, 'POST', '/__mock/wallet-token', {}, {});
    expect(wallet.status).toBe(200);
    const created = await call(
      origin,
      'POST',
      '/v1/session',
      { authorization: `Bearer ${wallet.body.token}`, 'x-api-key': 'mock-api-key' },
      { identity: { name: 'Ada' } },
    );
    expect(created.status).toBe(200);
    const token = created.body.credentials.token;
    const current = await call(origin, 'GET', '/v1/session/current', { authorization: `Bearer ${token}` });
    expect(current.status).toBe(200);
    expect(current.body.users[0].name).toBe('Ada');
    expect((await call(origin, 'DELETE', '/v1/session/current', { authorization: `Bearer ${token}` })).status).toBe(
      200,
    );
    expect((await call(origin, 'GET', '/v1/session/current', { authorization: `Bearer ${token}` })).status).toBe(404);

    mock.signal('SIGTERM');
    expect(await mock.exit).toBe(0);
  });

  // The signal is sent the moment the banner's first line arrives: the handlers must already be there.
  test(
    'logs each request while running (lines go out in batches, not only on exit), and the last ones on exit',
    { timeout: 60_000 },
    async () => {
      const mock = start(['--port', '0', '--log-level', 'info']);
      const origin = await mock.origin();
      await call(origin, 'GET', '/v1/session/current');
      // Batches leave every 100 ms; 20 s is only there so that a mock that never flushes fails.
      await mock.waitFor(/GET \/v1\/session\/current 401/, 20_000);
      await call(origin, 'GET', '/v1/session');
      mock.signal('SIGTERM');
      expect(await mock.exit).toBe(0);
      expect(mock.output()).toMatch(/GET \/v1\/session 405/);
    },
  );

  test('--log-format pretty writes one readable line per request, batched, and the last ones on exit', async () => {
    const mock = start(['--port', '0', '--log-level', 'info', '--log-format', 'pretty']);
    const origin = await mock.origin();
    await call(origin, 'GET', '/v1/session/current');
    const line = /^\d\d:\d\d:\d\d\.\d{3} INFO {2}GET \/v1\/session\/current 401 [\d.]+ms$/m;
    await expect.poll(() => mock.output(), { timeout: 1000, interval: 20 }).toMatch(line);
    await call(origin, 'GET', '/v1/session');
    mock.signal('SIGTERM');
    expect(await mock.exit).toBe(0);
    expect(mock.output()).toMatch(/INFO {2}GET \/v1\/session 405 [\d.]+ms$/m);
    expect(mock.output()).not.toContain('{"level"');
  });

  test('with output to a pipe the log lines are JSON', async () => {
    const mock = start(['--port', '0', '--log-level', 'info']);
    const origin = await mock.origin();
    await call(origin, 'GET', '/v1/session/current');
    const line = /^\{"level":30,"time":\d+,"msg":"GET \/v1\/session\/current 401 [\d.]+ms"\}$/m;
    await mock.waitFor(line, 20_000);
    mock.signal('SIGTERM');
    expect(await mock.exit).toBe(0);
  });

  test('exits 0 on SIGINT too, even the moment the banner appears', async () => {
    const mock = start(['--port', '0', '--log-level', 'silent']);
    await mock.firstOutput();
    mock.signal('SIGINT');
    expect(await mock.exit).toBe(0);
  });

  test('refuses a bad option with exit code 2 and says what to do', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', main, '--port', 'abc'], {
      cwd: repo,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--port must be a whole number/);
    expect(run.stderr).toMatch(/--help/);
  });

  test('--help prints every option with its default', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', main, '--help'], {
      cwd: repo,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(0);
    // One block per option: from its flags to the next option's.
    const blocks = run.stdout.split(/\n(?=\s{2}-)/);
    const options = buildCommand().options.map((option) => option.long!);
    expect(options.length).toBeGreaterThan(10);
    for (const long of options) {
      const block = blocks.find((candidate) => new RegExp(`^\\s*${long}\\b`).test(candidate));
      expect(block, `${long} is missing from --help`).toBeDefined();
      expect(block!.replace(/\s+/g, ' '), `${long} shows no default`).toMatch(/default: /);
    }
    expect(run.stdout).toMatch(/--port <port>[\s\S]*default:\s+4010/);
    expect(run.stdout).toMatch(/--api-key[\s\S]*default:\s+mock-api-key/);
  });
});
