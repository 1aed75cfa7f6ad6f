/**
 * Web pages cannot steer the mock: the control plane answers pages only from
 * allowed origins, and on loopback the control plane, /docs and the hub refuse
 * a Host that is not a loopback name (DNS rebinding). In process, with inject().
 */
import { request as httpRequest } from 'node:http';
import { describe, expect, onTestFinished, test } from 'vitest';
import { startLiveMock } from '../testing/live-mock.ts';
import { harness } from '../testing/harness.ts';
import { hostNameOf } from '../core/local-access.ts';

const forbidden = 'urn:session-api:problem:control-forbidden';
const evil = 'https://evil.example';

describe('the Host header while the mock listens on loopback', () => {
  test.for(['/__mock/sessions', '/__mock/health', '/docs', '/docs/session-api.json'])(
    'a foreign Host on %s gets a 403 problem',
    async (url) => {
      const mock = harness({ socket: true });
      const answer = await mock.raw({ method: 'GET', url, headers: { host: 'attacker.example:4010' } });
      expect(answer.status).toBe(403);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(answer.body).toMatchObject({
        type: forbidden,
        status: 403,
        detail: expect.stringContaining('--allowed-host attacker.example'),
      });
    },
  );

  test('the control plane answer is the documented 403', async () => {
    const mock = harness();
    // request() checks the answer against spec/mock-control.yaml.
    expect(
      (await mock.request({ method: 'POST', url: '/__mock/reset', headers: { host: 'attacker.example' } })).status,
    ).toBe(403);
  });

  test.for(['localhost', 'localhost:4010', 'LOCALHOST:4010', '127.0.0.1:4010', '127.0.0.2', '[::1]:4010', '[::1]'])(
    'Host %s is a loopback name and answered',
    async (host) => {
      const mock = harness({ socket: true });
      expect((await mock.request({ method: 'GET', url: '/__mock/health', headers: { host } })).status).toBe(200);
      expect((await mock.raw({ method: 'GET', url: '/docs', headers: { host } })).status).toBe(200);
    },
  );

  test('the API itself answers any Host', async () => {
    const mock = harness();
    expect(
      (await mock.request({ method: 'GET', url: '/v1/wallet-proof/nonce', headers: { host: 'attacker.example' } }))
        .status,
    ).toBe(200);
  });

  test('--allowed-host adds names, whatever the port', async () => {
    const mock = harness({ config: { allowedHosts: ['mock.test'] } });
    expect(
      (await mock.request({ method: 'GET', url: '/__mock/health', headers: { host: 'mock.test:8080' } })).status,
    ).toBe(200);
    expect((await mock.request({ method: 'GET', url: '/__mock/health', headers: { host: 'other.test' } })).status).toBe(
      403,
    );
  });

  test('beyond loopback any Host is answered: the control token guards the control plane there', async () => {
    const mock = harness({ socket: true, config: { host: '0.0.0.0', controlToken: 'let-me-in' } });
    const answer = await mock.request({
      method: 'GET',
      url: '/__mock/health',
      headers: { host: 'mock-service:4010', authorization: 'Bearer let-me-in' },
    });
    expect(answer.status).toBe(200);
    expect((await mock.raw({ method: 'GET', url: '/docs', headers: { host: 'mock-service' } })).status).toBe(200);
  });

  test('the hub refuses a WebSocket upgrade with a foreign Host with a 403 problem', async () => {
    const mock = await startLiveMock();
    onTestFinished(() => mock.close());
    const { port } = new URL(mock.origin);
    const answer = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const upgrade = httpRequest({
        host: '127.0.0.1',
        port,
        path: '/v1/hubs/session?access_token=x',
        headers: {
          host: 'attacker.example',
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        },
      });
      upgrade.once('upgrade', () => reject(new Error('The hub upgraded a foreign Host')));
      upgrade.once('response', (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.once('end', () =>
          resolve({ status: response.statusCode!, type: String(response.headers['content-type']), body }),
        );
      });
      upgrade.once('error', reject);
      upgrade.end();
    });
    expect(answer.status).toBe(403);
    expect(answer.type).toBe('application/problem+json');
    expect(JSON.parse(answer.body)).toMatchObject({ type: forbidden, status: 403 });
  });
});

describe('pages from other origins on the control plane', () => {
  test('a foreign page can neither read the scenario nor reset, and gets no CORS allowance', async () => {
    const mock = harness();
    await mock.request({ method: 'POST', url: '/__mock/scenario', json: { name: 'kicked-user' } });
    const read = await mock.request({ method: 'GET', url: '/__mock/scenario', headers: { origin: evil } });
    expect(read.status).toBe(403);
    expect(read.body.detail).toContain('--control-origin');
    expect(read.text).not.toMatch(/eyJ/);
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
    const reset = await mock.request({ method: 'POST', url: '/__mock/reset', headers: { origin: evil } });
    expect(reset.status).toBe(403);
    expect((await mock.request({ method: 'GET', url: '/__mock/scenario' })).status).toBe(200);
    expect((await mock.request({ method: 'GET', url: '/__mock/sessions' })).body.sessions).toHaveLength(1);
  });

  test.for(['null', 'file://', evil])(
    'a preflight from %s is refused with 403 and no CORS allowance',
    async (origin) => {
      const mock = harness();
      const answer = await mock.raw({
        method: 'OPTIONS',
        url: '/__mock/faults',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
      expect(answer.status).toBe(403);
      expect(answer.body.type).toBe(forbidden);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    },
  );

  test.for(['http://localhost:5173', 'http://127.0.0.1:3000', 'http://[::1]:8080', 'https://localhost'])(
    'a page from %s may use it',
    async (origin) => {
      const mock = harness();
      const preflight = await mock.raw({
        method: 'OPTIONS',
        url: '/__mock/faults',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,authorization',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(origin);
      expect(preflight.headers['access-control-allow-headers']!.toLowerCase().split(/,\s*/)).toEqual(
        expect.arrayContaining(['authorization', 'content-type']),
      );
      expect(preflight.headers['access-control-allow-methods']!.split(/,\s*/)).toEqual(
        expect.arrayContaining(['GET', 'POST', 'DELETE']),
      );
      const added = await mock.request({
        method: 'POST',
        url: '/__mock/faults',
        headers: { origin },
        json: { status: 503 },
      });
      expect(added.status).toBe(201);
      expect(added.headers['access-control-allow-origin']).toBe(origin);
      expect(added.headers.vary).toMatch(/Origin/i);
    },
  );

  test("the mock's own pages may use it beyond loopback too (/docs try-it-out)", async () => {
    const mock = harness({ config: { host: '0.0.0.0', controlToken: 'let-me-in' } });
    const headers = { host: 'mock.example:4010', authorization: 'Bearer let-me-in' };
    expect(
      (
        await mock.request({
          method: 'POST',
          url: '/__mock/reset',
          headers: { ...headers, origin: 'http://mock.example:4010' },
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await mock.request({
          method: 'POST',
          url: '/__mock/reset',
          headers: { ...headers, origin: 'http://other.example:4010' },
        })
      ).status,
    ).toBe(403);
  });

  test('--control-origin allows the listed origins, and * any', async () => {
    const listed = harness({ config: { controlOrigins: ['https://dev.example:8443'] } });
    expect(
      (
        await listed.request({
          method: 'GET',
          url: '/__mock/health',
          headers: { origin: 'https://dev.example:8443' },
        })
      ).status,
    ).toBe(200);
    expect(
      (await listed.request({ method: 'GET', url: '/__mock/health', headers: { origin: 'https://dev.example' } }))
        .status,
    ).toBe(403);
    const any = harness({ config: { controlOrigins: ['*'] } });
    expect(
      (await any.request({ method: 'GET', url: '/__mock/health', headers: { origin: evil } })).headers[
        'access-control-allow-origin'
      ],
    ).toBe(evil);
  });

  test('the API keeps --cors-origin: any origin by default', async () => {
    const mock = harness();
    const answer = await mock.request({ method: 'GET', url: '/v1/wallet-proof/nonce', headers: { origin: evil } });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe('*');
  });

  test('requests without Origin (curl, scripts) are answered as before', async () => {
    const mock = harness();
    expect((await mock.request({ method: 'POST', url: '/__mock/reset' })).status).toBe(204);
  });
});

test.for([
  ['localhost:4010', 'localhost'],
  ['[::1]:4010', '[::1]'],
  ['Mock.Test', 'mock.test'],
  ['a:b:c', 'a:b:c'],
] as const)('hostNameOf(%s) is %s', ([authority, name]) => {
  expect(hostNameOf(authority)).toBe(name);
});
