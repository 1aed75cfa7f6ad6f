/**
 * The bundle `npm start` runs works as the sources do, in the parts a bundle can
 * break: documents built in, files found relative to the bundle (scenarios, the
 * AsyncAPI document, Scalar), a chunk loaded on first use (viem), options parsed.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startProcess, type Started } from '../contracts/runner/processes.ts';
import { buildMock } from './build-mock.ts';
import { mockNodeOptions } from './mock-node-options.ts';

const outDir = mkdtempSync(path.join(tmpdir(), 'build-mock-test-'));
let mock: Started;
let origin: string;

beforeAll(async () => {
  const { file } = await buildMock(outDir);
  // Started from elsewhere than the checkout: nothing may depend on the working directory.
  mock = await startProcess({
    name: 'the bundled mock',
    command: process.execPath,
    args: [file, '--port', '0', '--log-level', 'warn', '--scenario', 'full-session'],
    cwd: tmpdir(),
    url: /listening on (http:\/\/\S+)/,
    timeoutMs: 20_000,
  });
  origin = mock.origin;
}, 60_000);

afterAll(async () => {
  await mock?.stop();
  rmSync(outDir, { recursive: true, force: true });
});

const get = async (pathname: string) => {
  const response = await fetch(`${origin}${pathname}`);
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
};

describe('the bundled mock (npm start)', () => {
  test('npm start gives Node the options the benchmark and the contract runner start the bundle with', () => {
    const manifest = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(manifest.scripts.start).toBe(`node ${mockNodeOptions.join(' ')} dist/mock.mjs`);
  });

  test('puts the start-up path in one file and what is loaded on first use in chunks beside it', () => {
    const files = readdirSync(outDir).filter((name) => name.endsWith('.mjs'));
    expect(files).toContain('mock.mjs');
    expect(files.length).toBeGreaterThan(1);
  });

  test('answers a request without credentials with the 401 problem of the spec', async () => {
    const answer = await get('/v1/session/current');
    expect(answer.status).toBe(401);
    expect(answer.type).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(answer.text)).toMatchObject({ type: 'urn:session-api:problem:invalid-token', status: 401 });
  });

  test('serves the spec built into it at /docs, with this mock as its server', async () => {
    const answer = await get('/docs/session-api.json');
    expect(answer.status).toBe(200);
    const document = JSON.parse(answer.text);
    expect(document.openapi).toMatch(/^3\.1/);
    expect(document.servers).toEqual([{ url: `${origin}/v1`, description: 'This mock' }]);
  });

  test('finds the AsyncAPI document and Scalar next to the sources, not next to the bundle', async () => {
    const events = await get('/docs/session-events.asyncapi.yaml');
    expect(events.status).toBe(200);
    expect(events.text).toMatch(/^asyncapi:/m);
    const scalar = await get('/docs/scalar-standalone.js');
    expect(scalar.status).toBe(200);
    expect(scalar.text.length).toBeGreaterThan(100_000);
  });

  test('loads a shipped scenario named by --scenario', async () => {
    const answer = await get('/__mock/scenario');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ name: 'full-session' });
  });

  test('verifies a wallet proof with the signature code it loads on first use', async () => {
    const { message } = JSON.parse((await get('/v1/wallet-proof/nonce')).text) as { message: string };
    const account = privateKeyToAccount(generatePrivateKey());
    const response = await fetch(`${origin}/v1/wallet-proof/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        walletAddress: account.address,
        message,
        signature: await account.signMessage({ message }),
      }),
    });
    expect(response.status).toBe(200);
    expect((await response.json()) as { token: string }).toHaveProperty('token');
  });
});
