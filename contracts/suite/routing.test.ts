import { describe, expect, test } from './fixtures.ts';

describe('routing', () => {
  test('answers 404 problem+json for an unknown path', { tags: ['strict', 'direct-only'] }, async ({ api }) => {
    const exchange = await api.client.raw({ method: 'GET', path: '/no-such-path' });
    api.expectStatus(exchange, 404, 'unknown path -> 404');
    expect(exchange.headers['content-type'] ?? '', 'all error bodies are application/problem+json').toMatch(
      /^application\/problem\+json/,
    );
  });

  test.for([
    { method: 'PUT', path: '/session/current', allowed: ['GET', 'DELETE'] },
    { method: 'GET', path: '/session', allowed: ['POST'] },
    { method: 'DELETE', path: '/session/join', allowed: ['POST'] },
  ])(
    'answers 405 with Allow for $method $path',
    { tags: ['strict', 'direct-only'] },
    async ({ method, path, allowed }, { api }) => {
      const exchange = await api.client.raw({ method, path });
      api.expectStatus(exchange, 405, 'known path, wrong method -> 405 with Allow');
      const allow = (exchange.headers.allow ?? '').split(',').map((name) => name.trim().toUpperCase());
      for (const name of allowed) expect(allow, `Allow must list ${name}`).toContain(name);
    },
  );
});
