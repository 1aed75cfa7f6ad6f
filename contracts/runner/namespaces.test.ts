/**
 * The runner keeps runs and test files apart on one mock: every request of the suite, API
 * and control plane alike, names its world in X-Mock-Namespace (contracts/suite/namespace.ts,
 * tested here because a test file under contracts/suite/ would run as a contract check).
 */
import http from 'node:http';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runContracts } from '../../scripts/defective/harness.ts';
import { startMock } from '../../scripts/mock-process.ts';
import { fileNamespace, namespacePattern } from '../suite/namespace.ts';
import type { Started } from './processes.ts';

const RUN_TIMEOUT = 240_000;

interface Seen {
  method: string;
  path: string;
  namespace: string | undefined;
}

/** A pass-through proxy in front of `upstream` that notes each request's X-Mock-Namespace. */
async function recordingProxy(upstream: string): Promise<{ origin: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((incoming, outgoing) => {
    void (async () => {
      const namespace = incoming.headers['x-mock-namespace'];
      seen.push({ method: incoming.method ?? 'GET', path: incoming.url ?? '/', namespace: namespace?.toString() });
      const chunks: Buffer[] = [];
      for await (const chunk of incoming) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(incoming.headers))
        if (value !== undefined && !hopByHop.has(name)) headers[name] = value.toString();
      const answer = await request(new URL(incoming.url ?? '/', upstream), {
        method: (incoming.method ?? 'GET') as 'GET',
        headers,
        body: body.length > 0 ? body : undefined,
      });
      const answerHeaders: Record<string, string> = {};
      for (const [name, value] of Object.entries(answer.headers))
        if (value !== undefined && !hopByHop.has(name)) answerHeaders[name] = value.toString();
      const answerBody = Buffer.from(await answer.body.arrayBuffer());
      outgoing.writeHead(answer.statusCode, { ...answerHeaders, 'content-length': String(answerBody.length) });
      outgoing.end(answerBody);
    })().catch((error: unknown) => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end(`recording proxy: ${(error as Error).message}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length', 'upgrade', 'te']);

const suiteFiles = readdirSync(fileURLToPath(new URL('../suite/', import.meta.url))).filter((name) =>
  name.endsWith('.test.ts'),
);

describe('the namespace of a file', () => {
  test('is the run namespace, a dot and the file name without .test.ts', () => {
    expect(fileNamespace('ci-42', '/repo/contracts/suite/kick-user.test.ts')).toBe('ci-42.kick-user');
  });

  test('stays within 64 characters and the pattern, and distinct per file, however long the run namespace', () => {
    const run = `a${'b'.repeat(63)}`;
    const names = suiteFiles.map((file) => fileNamespace(run, file));
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(64);
      expect(name).toMatch(namespacePattern);
    }
    expect(new Set(names).size).toBe(suiteFiles.length);
  });
});

describe('the runner', () => {
  let mock: Started;
  let proxy: Awaited<ReturnType<typeof recordingProxy>>;
  beforeAll(async () => {
    mock = await startMock();
    proxy = await recordingProxy(mock.origin);
  });
  afterAll(async () => {
    await proxy?.close();
    await mock?.stop();
  });

  test(
    'sends --namespace on its own calls and <namespace>.<file> on every API and control call of each file',
    { timeout: RUN_TIMEOUT },
    async () => {
      const run = await runContracts(
        `${proxy.origin}/v1`,
        ['--namespace', 'rt-7', '--model-runs', '3', '--timeout', '30000'],
        RUN_TIMEOUT - 10_000,
      );
      expect(run.exitCode, run.output.slice(-2000)).toBe(0);

      const unnamed = proxy.seen.filter((request) => request.namespace === undefined);
      expect(unnamed, 'requests without X-Mock-Namespace').toEqual([]);
      const fileWorlds = new Set(suiteFiles.map((file) => fileNamespace('rt-7', file)));
      const byFile = proxy.seen.filter((request) => request.namespace !== 'rt-7');
      expect(byFile.filter((request) => !fileWorlds.has(request.namespace!))).toEqual([]);
      // Each file made requests in its own world.
      expect(new Set(byFile.map((request) => request.namespace))).toEqual(fileWorlds);

      // The runner's preflight and the control-plane probe act in the run's namespace itself.
      const ownCalls = proxy.seen.filter((request) => request.namespace === 'rt-7');
      expect(ownCalls.map((request) => request.path)).toContain('/v1/wallet-proof/nonce');
      expect(ownCalls.map((request) => request.path)).toContain('/__mock/health');
      // The clock is read and moved in the world of the file that needs it.
      const clockCalls = byFile.filter((request) => request.path === '/__mock/clock');
      expect(clockCalls.map((request) => request.method)).toContain('POST');
      expect(clockCalls.map((request) => request.namespace)).toContain('rt-7.lifecycle-model');
    },
  );

  test('refuses a --namespace or CONTRACT_NAMESPACE that breaks the pattern, saying what to give', async () => {
    const flag = await runContracts(`${proxy.origin}/v1`, ['--namespace', 'my world'], 60_000);
    expect(flag.exitCode).toBe(2);
    expect(flag.output).toMatch(/"my world" is not a namespace: give 1 to 64 characters, a letter or digit first/);

    process.env.CONTRACT_NAMESPACE = `-${'x'.repeat(10)}`;
    try {
      const env = await runContracts(`${proxy.origin}/v1`, [], 60_000);
      expect(env.exitCode).toBe(2);
      expect(env.output).toMatch(/from env 'CONTRACT_NAMESPACE' is invalid\. "-x{10}" is not a namespace/);
    } finally {
      delete process.env.CONTRACT_NAMESPACE;
    }
  });
});
