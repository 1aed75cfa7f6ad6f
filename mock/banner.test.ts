import { describe, expect, test } from 'vitest';
import { bannerLines } from './banner.ts';
import { configDefaults, type MockConfig } from './config.ts';
import { loadScenarioOption } from './http/app.ts';
import { harness } from './testing/harness.ts';

const origin = 'http://127.0.0.1:4010';
const banner = (config: Partial<MockConfig>, loaded?: Parameters<typeof bannerLines>[2]) =>
  bannerLines(origin, { ...configDefaults, ...config }, loaded).join('\n');

describe('the start-up banner', () => {
  test('on loopback: where the API, the reference and the control plane are, and a curl for a wallet token', () => {
    const text = banner({});
    expect(text.split('\n')[0]).toBe(`Session API mock listening on ${origin} (API at ${origin}/v1)`);
    expect(text).toContain(`${origin}/docs`);
    expect(text).toContain(`curl -s -X POST ${origin}/__mock/wallet-token`);
    expect(text).toMatch(/control plane: http:\/\/127\.0\.0\.1:4010\/__mock /);
    expect(text).toContain('the dashboard at http://127.0.0.1:4010/__mock/ui)');
  });

  test('it says how to work in a world of your own, and names the state file when there is one', () => {
    expect(banner({})).toMatch(/X-Mock-Namespace: <name>/);
    expect(banner({})).not.toMatch(/state file/);
    expect(banner({ stateFile: '/tmp/mock-state.json' })).toMatch(/state file: \/tmp\/mock-state\.json/);
  });

  test('beyond loopback without a control token it offers the wallet proof, not a curl that would answer 403', () => {
    const text = banner({ host: '0.0.0.0' });
    expect(text).not.toContain('/__mock/wallet-token');
    expect(text).toContain(`GET ${origin}/v1/wallet-proof/nonce`);
    expect(text).toContain(`POST ${origin}/v1/wallet-proof/verify`);
    expect(text).toMatch(/refused beyond loopback \(403\); start with --control-token/);
  });

  test('with a control token the curl presents it, without printing the token itself', () => {
    const text = banner({ host: '0.0.0.0', controlToken: 'secret-control-token' });
    expect(text).toContain(`curl -s -X POST -H 'Authorization: Bearer <control token>' ${origin}/__mock/wallet-token`);
    expect(text).not.toContain('secret-control-token');
  });

  test('with --no-control it names the wallet proof', () => {
    expect(banner({ control: false })).toMatch(
      /control plane: off \(--no-control\); get a wallet token through the wallet proof: GET/,
    );
  });

  test('a scenario is summed up in a few lines without a token; --print-tokens prints them', async () => {
    const mock = harness();
    const loaded = await loadScenarioOption(mock, 'tour');
    const short = banner({}, loaded);
    expect(short).not.toMatch(/eyJ/);
    expect(short).toContain(`its tokens: curl -s ${origin}/__mock/scenario (or start with --print-tokens)`);
    for (const session of loaded.sessions) expect(short).toContain(`${session.key}: ${session.sessionId}`);
    expect(short.split('\n').length).toBeLessThanOrEqual(8 + loaded.sessions.length);
    const full = banner({ printTokens: true }, loaded);
    for (const member of loaded.sessions.flatMap((session) => session.members))
      expect(full).toContain(member.sessionToken);
  });
});
