/**
 * Snapshots keep every answer (spec/mock-control.yaml, `restoreSnapshot`): after
 * any lifecycle (create, join, kick, disconnect, delete, clock moves), a snapshot
 * taken, the world reset and the snapshot restored, every token issued before the
 * snapshot gets from `GET /v1/session/current` the very bytes it got before.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { apiKey, harness, type Harness } from '../testing/harness.ts';

type Step =
  | { kind: 'create'; wallet: number }
  | { kind: 'join'; session: number; wallet: number }
  | { kind: 'kick'; by: number; target: number }
  | { kind: 'disconnect'; by: number }
  | { kind: 'delete'; by: number }
  | { kind: 'advance'; seconds: number }
  | { kind: 'freeze'; freeze: boolean };

const wallet = fc.integer({ min: 0, max: 5 });
const pick = fc.nat(50);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), wallet }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('join' as const), session: pick, wallet }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('kick' as const), by: pick, target: pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('disconnect' as const), by: pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), by: pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), seconds: fc.nat(4000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('freeze' as const), freeze: fc.boolean() }) },
);

const wallets = Array.from({ length: 6 }, (_, i) => `0x${String(i + 1).repeat(40)}`);

/** Drives one world (its own namespace) through the control plane and the API. */
function worldDriver(mock: Harness, namespace: string) {
  const headers = { 'x-mock-namespace': namespace };
  const control = (method: 'GET' | 'POST' | 'PUT', url: string, json?: unknown) =>
    mock.request({ method, url, headers, ...(json === undefined ? {} : { json }) });
  const asMember = (token: string, method: 'GET' | 'POST' | 'DELETE', url: string, json?: unknown) =>
    mock.request({
      method,
      url,
      headers: { ...headers, authorization: `Bearer ${token}`, 'x-api-key': apiKey },
      ...(json === undefined ? {} : { json }),
    });
  const walletToken = async (index: number): Promise<string> =>
    (await control('POST', '/__mock/wallet-token', { address: wallets[index], ttlSeconds: 86_400 })).body.token;
  return { control, asMember, walletToken };
}

async function runLifecycle(mock: Harness, namespace: string, steps: readonly Step[]) {
  const world = worldDriver(mock, namespace);
  const sessions: string[] = [];
  const members: { token: string; userId: string }[] = [];
  const at = <T>(items: readonly T[], index: number) => (items.length === 0 ? undefined : items[index % items.length]);
  for (const step of steps) {
    if (step.kind === 'create') {
      const token = await world.walletToken(step.wallet);
      const created = await world.asMember(token, 'POST', '/v1/session', {});
      if (created.status !== 200) continue;
      sessions.push(created.body.sessionId);
      members.push({ token: created.body.credentials.token, userId: created.body.credentials.id });
    } else if (step.kind === 'join') {
      const sessionId = at(sessions, step.session);
      if (sessionId === undefined) continue;
      const joined = await world.asMember(await world.walletToken(step.wallet), 'POST', '/v1/session/join', {
        sessionId,
      });
      if (joined.status === 200)
        members.push({ token: joined.body.credentials.token, userId: joined.body.credentials.id });
    } else if (step.kind === 'kick') {
      const by = at(members, step.by);
      const target = at(members, step.target);
      if (by && target) await world.asMember(by.token, 'POST', '/v1/session/current/kick', { userId: target.userId });
    } else if (step.kind === 'disconnect' || step.kind === 'delete') {
      const by = at(members, step.by);
      if (!by) continue;
      if (step.kind === 'disconnect') await world.asMember(by.token, 'POST', '/v1/session/disconnect');
      else await world.asMember(by.token, 'DELETE', '/v1/session/current');
    } else if (step.kind === 'advance') {
      await world.control('POST', '/__mock/clock', { advanceSeconds: step.seconds });
    } else {
      await world.control('POST', '/__mock/clock', { freeze: step.freeze });
    }
  }
  return { world, tokens: members.map((member) => member.token) };
}

describe('a snapshot restored after a reset', () => {
  test('answers GET /v1/session/current byte for byte as before, for every token issued before it', async () => {
    const mock = harness();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
        const namespace = `property-${++run}`;
        const { world, tokens } = await runLifecycle(mock, namespace, steps);
        const answers = async () =>
          Promise.all(
            tokens.map(async (token) => {
              const { status, text } = await world.asMember(token, 'GET', '/v1/session/current');
              return { status, text };
            }),
          );
        const before = await answers();
        const snapshot = (await world.control('GET', '/__mock/snapshot')).body;

        expect((await world.control('POST', '/__mock/reset')).status).toBe(204);
        // The reset took everything away: a token that answered 200 is refused now.
        const afterReset = await answers();
        before.forEach((answer, i) => answer.status === 200 && expect(afterReset[i]!.status).toBe(401));

        expect((await world.control('PUT', '/__mock/snapshot', snapshot)).status).toBe(204);
        expect(await answers()).toEqual(before);
        expect((await world.control('GET', '/__mock/snapshot')).body).toEqual({
          ...snapshot,
          takenAt: expect.any(String),
        });
      }),
      { numRuns: 40 },
    );
  });
});
