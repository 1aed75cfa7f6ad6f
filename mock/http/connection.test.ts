/**
 * What only a socket shows: a fault rule that drops the connection, and a body
 * sent in chunks (no Content-Length) that passes the limit. The app listens on
 * 127.0.0.1, port 0, and is closed after each test.
 */
import { Readable } from 'node:stream';
import { request } from 'undici';
import { describe, expect, onTestFinished, test } from 'vitest';
import { configDefaults, type MockConfig } from '../config.ts';
import { buildMock } from './app.ts';

async function listening(overrides: Partial<MockConfig> = {}): Promise<string> {
  const { app } = buildMock(Object.freeze({ ...configDefaults, logLevel: 'silent', ...overrides }));
  onTestFinished(() => app.close());
  return app.listen({ port: 0, host: '127.0.0.1' });
}

describe('over a real connection', () => {
  test('a fault rule with reset drops the connection, `times` times, then answers again', async () => {
    const origin = await listening();
    const added = await request(`${origin}/__mock/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/v1/wallet-proof/nonce', reset: true, times: 1 }),
    });
    expect(added.statusCode).toBe(201);
    await added.body.dump();
    await expect(request(`${origin}/v1/wallet-proof/nonce`, { reset: true })).rejects.toMatchObject({
      code: expect.stringMatching(/UND_ERR_SOCKET|ECONNRESET/),
    });
    const after = await request(`${origin}/v1/wallet-proof/nonce`);
    expect(after.statusCode).toBe(200);
    await after.body.dump();
  });

  test('a chunked body over --body-limit is a 413 on an operation that reads it', async () => {
    const origin = await listening({ bodyLimitBytes: 1024 });
    function* chunks() {
      yield Buffer.from('{"sessionId":"');
      for (let i = 0; i < 4; i++) yield Buffer.from('x'.repeat(512));
      yield Buffer.from('"}');
    }
    const answer = await request(`${origin}/v1/session/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Readable.from(chunks()),
    });
    expect(answer.statusCode).toBe(413);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    await answer.body.dump();
  });

  test('a chunked body of any size is drained and ignored on an operation that takes none', async () => {
    const origin = await listening({ bodyLimitBytes: 1024 });
    function* chunks() {
      for (let i = 0; i < 8; i++) yield Buffer.from('x'.repeat(512));
    }
    const answer = await request(`${origin}/v1/session/disconnect`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: Readable.from(chunks()),
    });
    expect(answer.statusCode).toBe(401);
    await answer.body.dump();
  });
});
