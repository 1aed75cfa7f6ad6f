/**
 * Scenarios: the shipped ones make the states they promise (checked through the
 * public API), bad files fail with the file and the field named, and the control
 * plane loads them at run time.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ApiDescription, mockControlFile } from '../../spec/index.ts';
import { configDefaults } from '../config.ts';
import { buildMock, loadScenarioOption, type Mock } from '../http/app.ts';
import { ScenarioError, type LoadedScenario } from './index.ts';

const control = ApiDescription.fromFile(mockControlFile, 'mock-control');
let mock: Mock;
beforeAll(() => {
  mock = buildMock({ ...configDefaults, logLevel: 'silent' });
});
afterAll(() => mock.app.close());

async function call(method: 'GET' | 'POST' | 'DELETE', url: string, options: { token?: string; json?: unknown } = {}) {
  const answer = await mock.core.handle({
    method,
    path: url,
    query: '',
    headers: {
      host: 'localhost',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.json === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: options.json === undefined ? undefined : new TextEncoder().encode(JSON.stringify(options.json)),
  });
  const response = { statusCode: answer.status, headers: answer.headers, body: String(answer.body ?? '') };
  const headers = Object.fromEntries(
    Object.entries(response.headers).map(([name, value]) => [name, value === undefined ? undefined : String(value)]),
  );
  return {
    status: response.statusCode,
    body: response.body === '' ? undefined : JSON.parse(response.body),
    observed: { status: response.statusCode, headers, body: response.body },
  };
}

const load = async (name: string): Promise<LoadedScenario> => {
  const answer = await call('POST', '/__mock/scenario', { json: { name } });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  expect(control.checkResponse('loadScenario', answer.observed)).toEqual([]);
  return answer.body;
};
const session = (loaded: LoadedScenario, key: string) => loaded.sessions.find((candidate) => candidate.key === key)!;
const walletToken = (loaded: LoadedScenario, address: string) =>
  loaded.wallets.find((wallet) => wallet.address === address.toLowerCase())!.walletToken;
const current = (token: string) => call('GET', '/v1/session/current', { token });

describe('shipped scenarios', () => {
  test('the catalogue lists every shipped scenario with a description', async () => {
    const answer = await call('GET', '/__mock/scenarios');
    expect(answer.status).toBe(200);
    expect(answer.body.scenarios.map((scenario: { name: string }) => scenario.name)).toEqual([
      'expiring-session',
      'full-session',
      'kicked-user',
      'password-protected',
      'tour',
    ]);
    for (const scenario of answer.body.scenarios) expect(scenario.description).not.toBe('');
  });

  test('full-session: four members at capacity; a fifth wallet gets 409', async () => {
    const loaded = await load('full-session');
    const full = session(loaded, 'full');
    expect(full.members.map((member) => [member.role, member.state])).toEqual([
      ['host', 'active'],
      ['guest', 'active'],
      ['guest', 'active'],
      ['guest', 'active'],
    ]);
    const seen = await current(full.members[1]!.sessionToken);
    expect(seen.status).toBe(200);
    expect(seen.body.users).toHaveLength(4);
    expect(seen.body.maxUsers).toBe(4);
    expect(full.members[0]!.name).toBe('Ada');
    const late = await call('POST', '/v1/session/join', {
      token: walletToken(loaded, '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc'),
      json: { sessionId: full.sessionId },
    });
    expect(late.status).toBe(409);
  });

  test('password-protected: joining needs "open-sesame"', async () => {
    const loaded = await load('password-protected');
    const protectedSession = session(loaded, 'protected');
    expect(protectedSession.passwordProtected).toBe(true);
    const token = walletToken(loaded, '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc');
    expect(
      (await call('POST', '/v1/session/join', { token, json: { sessionId: protectedSession.sessionId } })).status,
    ).toBe(401);
    expect(
      (
        await call('POST', '/v1/session/join', {
          token,
          json: { sessionId: protectedSession.sessionId, password: 'open-sesame' },
        })
      ).status,
    ).toBe(200);
  });

  test('kicked-user: the kicked token is refused (401) and its wallet cannot rejoin (403)', async () => {
    const loaded = await load('kicked-user');
    const kicked = session(loaded, 'kicked');
    const member = kicked.members.find((candidate) => candidate.state === 'kicked')!;
    expect(member.wallet).toBe('0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc');
    expect((await current(member.sessionToken)).status).toBe(401);
    expect(
      (
        await call('POST', '/v1/session/join', {
          token: walletToken(loaded, member.wallet),
          json: { sessionId: kicked.sessionId },
        })
      ).status,
    ).toBe(403);
    const host = await current(kicked.members[0]!.sessionToken);
    expect(host.body.users.map((user: { id: string }) => user.id)).toEqual([
      kicked.members[0]!.userId,
      kicked.members[1]!.userId,
    ]);
  });

  test('expiring-session: ends 90 seconds after loading on the virtual clock', async () => {
    const loaded = await load('expiring-session');
    const expiring = session(loaded, 'expiring');
    expect(expiring.expiry - loaded.loadedAt).toBe(90);
    expect((await current(expiring.members[0]!.sessionToken)).status).toBe(200);
    expect((await call('POST', '/__mock/clock', { json: { advanceSeconds: 90 } })).status).toBe(200);
    expect((await current(expiring.members[0]!.sessionToken)).status).toBe(404);
  });

  test('tour: four sessions, with a kicked and a departed guest, all of them in the live sessions list', async () => {
    const loaded = await load('tour');
    expect(loaded.sessions.map((candidate) => candidate.key)).toEqual(['full', 'protected', 'kicked', 'expiring']);
    expect(session(loaded, 'kicked').members.map((member) => member.state)).toEqual([
      'active',
      'kicked',
      'left',
      'active',
    ]);
    const listed = await call('GET', '/__mock/sessions');
    expect(listed.body.sessions.map((candidate: { id: string }) => candidate.id).sort()).toEqual(
      loaded.sessions.map((candidate) => candidate.sessionId).sort(),
    );
  });
});

describe('POST /__mock/scenario and GET /__mock/scenario', () => {
  test('the loaded scenario, tokens included, can be read again until a reset', async () => {
    const loaded = await load('kicked-user');
    const again = await call('GET', '/__mock/scenario');
    expect(again.body).toEqual(loaded);
    expect(control.checkResponse('getScenario', again.observed)).toEqual([]);
    expect((await call('POST', '/__mock/reset')).status).toBe(204);
    const none = await call('GET', '/__mock/scenario');
    expect(none.status).toBe(404);
    expect(control.checkResponse('getScenario', none.observed)).toEqual([]);
  });

  test('loading starts over: sessions of before are gone, their tokens refused (a new generation)', async () => {
    const first = await load('full-session');
    await load('password-protected');
    expect((await current(session(first, 'full').members[0]!.sessionToken)).status).toBe(401);
    expect((await call('GET', '/__mock/sessions')).body.sessions).toHaveLength(1);
  });

  test('two loads at the same time run one after the other: the last one wins whole', async () => {
    const [first, second] = await Promise.all([
      call('POST', '/__mock/scenario', { json: { name: 'tour' } }),
      call('POST', '/__mock/scenario', { json: { name: 'password-protected' } }),
    ]);
    // Neither load may be cut short by the other's reset.
    expect([first.status, second.status], JSON.stringify(first.body)).toEqual([200, 200]);
    const sessions: { id: string }[] = (await call('GET', '/__mock/sessions')).body.sessions;
    const listed = sessions.map((candidate) => candidate.id);
    expect(listed).toEqual(second.body.sessions.map((candidate: { sessionId: string }) => candidate.sessionId));
    expect((await call('GET', '/__mock/scenario')).body).toEqual(second.body);
    for (const member of second.body.sessions[0].members) expect((await current(member.sessionToken)).status).toBe(200);
  });

  test('an inline scenario loads like a file', async () => {
    const answer = await call('POST', '/__mock/scenario', {
      json: {
        scenario: {
          sessions: [
            {
              key: 'demo',
              host: { wallet: '0x1111111111111111111111111111111111111111' },
              members: [{ wallet: '0x2222222222222222222222222222222222222222', state: 'left' }],
            },
          ],
        },
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.sessions[0].members.map((member: { state: string }) => member.state)).toEqual([
      'active',
      'left',
    ]);
    expect(answer.body.wallets).toHaveLength(2);
  });

  test.for([
    ['an unknown name', { name: 'no-such-scenario' }, '/name'],
    [
      'a malformed wallet',
      { scenario: { sessions: [{ key: 'x', host: { wallet: '0x12' } }] } },
      '/scenario/sessions/0/host/wallet',
    ],
    [
      'an unknown field',
      {
        scenario: {
          sessions: [{ key: 'x', host: { wallet: '0x1111111111111111111111111111111111111111' }, colour: 'red' }],
        },
      },
      '/scenario/sessions/0/colour',
    ],
    ['both name and scenario', { name: 'tour', scenario: { sessions: [] } }, ''],
    [
      'a member off the whitelist',
      {
        scenario: {
          sessions: [
            {
              key: 'x',
              host: { wallet: '0x1111111111111111111111111111111111111111' },
              rules: { allowOnlyWhitelistedAddresses: true, whiteListAddresses: [] },
              members: [{ wallet: '0x2222222222222222222222222222222222222222' }],
            },
          ],
        },
      },
      '/scenario/sessions/0/members/0',
    ],
  ] as const)('refuses %s with 400 naming the field', async ([, body, pointer]) => {
    const answer = await call('POST', '/__mock/scenario', { json: body });
    expect(answer.status).toBe(400);
    expect(answer.body.type).toBe('urn:session-api:problem:invalid-control-request');
    expect(answer.body.errors.map((error: { pointer: string }) => error.pointer)).toContain(pointer);
    expect(control.checkResponse('loadScenario', answer.observed)).toEqual([]);
  });
});

describe('scenario files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scenario-test-'));
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  test.for([
    [
      'a capacity out of range',
      'bad-capacity.yaml',
      "sessions:\n  - key: a\n    host: { wallet: '0x1111111111111111111111111111111111111111' }\n    " +
        'rules: { userCapacity: 5000 }\n',
      '/sessions/0/rules/userCapacity',
    ],
    [
      'a repeated key',
      'twice.json',
      JSON.stringify({
        sessions: [1, 2].map(() => ({ key: 'a', host: { wallet: '0x1111111111111111111111111111111111111111' } })),
      }),
      '/sessions/1/key',
    ],
    ['a missing host', 'no-host.yaml', 'sessions:\n  - key: a\n', '/sessions/0/host'],
    ['broken YAML', 'broken.yaml', 'sessions: [\n', 'line'],
    ['broken JSON', 'broken.json', '{"sessions": ', 'not valid JSON'],
  ] as const)('%s fails with the file and the field in the message', ([, name, text, expected]) => {
    const file = write(name, text);
    let thrown: unknown;
    try {
      mock.scenarios.readFile(file);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ScenarioError);
    expect((thrown as Error).message).toContain(file);
    expect((thrown as Error).message).toContain(expected);
  });

  test('loading --scenario with a bad file rejects with a ScenarioError and leaves the process alone', async () => {
    const file = write('option.yaml', "sessions:\n  - key: a\n    host: { wallet: 'nope' }\n");
    await expect(loadScenarioOption(mock, file)).rejects.toBeInstanceOf(ScenarioError);
    const unknown = loadScenarioOption(mock, 'nowhere');
    await expect(unknown).rejects.toThrow(/neither a file nor a shipped scenario/);
  });

  test('npm start -- --scenario with a bad file exits 2 naming the file and the field', () => {
    const file = write('cli.yaml', "sessions:\n  - key: a\n    host: { wallet: 'nope' }\n");
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'mock/main.ts', '--port', '0', '--log-level', 'silent', '--scenario', file],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(file);
    expect(run.stderr).toContain('/sessions/0/host/wallet');
  });

  test('--scenario names a shipped scenario or a file; anything else is refused with the shipped names', () => {
    expect(mock.scenarios.resolve('tour')).toMatch(/mock\/scenarios\/tour\.yaml$/);
    expect(() => mock.scenarios.resolve('nowhere')).toThrow(/neither a file nor a shipped scenario \(shipped: .*tour/);
  });
});
