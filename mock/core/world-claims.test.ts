/**
 * Claimed worlds (spec/mock-control.yaml, `claimNamespace`): with --control-token, a world's own token opens
 * that world's control calls and no other world's, so that teams sharing one mock keep to their own.
 */
import { describe, expect, test } from 'vitest';
import { harness, type Harness } from '../testing/harness.ts';

const adminToken = 'admin-secret';
const admin = { authorization: `Bearer ${adminToken}` };

async function claim(mock: Harness, name: string, headers: Record<string, string> = admin) {
  return mock.request({ method: 'POST', url: `/__mock/namespaces/${name}`, headers });
}

/** A control call in `world` with `token`. */
function inWorld(mock: Harness, world: string, token: string, method: 'GET' | 'POST' | 'DELETE', url: string) {
  return mock.request({
    method,
    url,
    headers: { authorization: `Bearer ${token}`, 'x-mock-namespace': world },
    ...(method === 'POST' && url.endsWith('/faults') ? { json: { status: 500 } } : {}),
  });
}

describe('claimed worlds', () => {
  test('the control token claims a world and gets a token that works for that world alone', async () => {
    const mock = harness({ config: { controlToken: adminToken } });
    const claimed = await claim(mock, 'team-a');
    expect(claimed.status).toBe(200);
    expect(claimed.body).toEqual({ name: 'team-a', token: expect.stringMatching(/^world_[A-Za-z0-9_-]{43}$/) });
    const token: string = claimed.body.token;
    await claim(mock, 'team-b');

    // Its own world: read, steer, reset.
    expect((await inWorld(mock, 'team-a', token, 'GET', '/__mock/sessions')).status).toBe(200);
    expect((await inWorld(mock, 'team-a', token, 'POST', '/__mock/faults')).status).toBe(201);
    expect((await inWorld(mock, 'team-a', token, 'POST', '/__mock/reset')).status).toBe(204);

    // Another world, claimed or not: 403, and nothing changes there.
    for (const other of ['team-b', 'unclaimed', 'default']) {
      for (const [method, url] of [
        ['GET', '/__mock/sessions'],
        ['POST', '/__mock/reset'],
        ['POST', '/__mock/faults'],
      ] as const) {
        const refused = await inWorld(mock, other, token, method, url);
        expect(refused.status, `${method} ${url} in ${other}`).toBe(403);
        expect(refused.body.detail).toContain(`the token of the world "${other}"`);
      }
    }
    expect((await inWorld(mock, 'team-b', adminToken, 'GET', '/__mock/faults')).body.faults).toEqual([]);
  });

  test('a world token deletes its own world only, lists only its own world, and cannot claim one', async () => {
    const mock = harness({ config: { controlToken: adminToken } });
    const token: string = (await claim(mock, 'team-a')).body.token;
    await claim(mock, 'team-b');
    const asTeam = { authorization: `Bearer ${token}` };

    const foreign = await mock.request({ method: 'DELETE', url: '/__mock/namespaces/team-b', headers: asTeam });
    expect(foreign.status).toBe(403);
    const listed = await mock.request({
      method: 'GET',
      url: '/__mock/namespaces',
      headers: { ...asTeam, 'x-mock-namespace': 'team-a' },
    });
    expect(listed.status).toBe(200);
    expect(listed.body.namespaces.map((world: { name: string }) => world.name)).toEqual(['team-a']);
    const elsewhere = await mock.request({ method: 'GET', url: '/__mock/namespaces', headers: asTeam });
    expect(elsewhere.status).toBe(403);
    const claimed = await claim(mock, 'team-c', asTeam);
    expect(claimed.status).toBe(403);
    expect(claimed.body.detail).toMatch(/needs the control token itself/);

    const own = await mock.request({ method: 'DELETE', url: '/__mock/namespaces/team-a', headers: asTeam });
    expect(own.status).toBe(204);
    // Its claim went with the world: the token opens nothing now, not even a world of that name opened again.
    expect((await inWorld(mock, 'team-a', token, 'GET', '/__mock/sessions')).status).toBe(403);
    const names = (await mock.request({ method: 'GET', url: '/__mock/namespaces', headers: admin })).body.namespaces;
    expect(names.map((world: { name: string }) => world.name)).toContain('team-b');
  });

  test('claiming again replaces the token; the control token keeps working everywhere', async () => {
    const mock = harness({ config: { controlToken: adminToken } });
    const first: string = (await claim(mock, 'team-a')).body.token;
    const second: string = (await claim(mock, 'team-a')).body.token;
    expect(second).not.toBe(first);
    expect((await inWorld(mock, 'team-a', first, 'GET', '/__mock/sessions')).status).toBe(403);
    expect((await inWorld(mock, 'team-a', second, 'GET', '/__mock/sessions')).status).toBe(200);
    expect((await inWorld(mock, 'team-a', adminToken, 'GET', '/__mock/sessions')).status).toBe(200);
  });

  test('without a token, or a wrong one, a claimed world is refused like any control call', async () => {
    const mock = harness({ config: { controlToken: adminToken } });
    await claim(mock, 'team-a');
    const bare = await mock.request({
      method: 'GET',
      url: '/__mock/sessions',
      headers: { 'x-mock-namespace': 'team-a' },
    });
    expect(bare.status).toBe(403);
    expect((await inWorld(mock, 'team-a', 'world_guess', 'GET', '/__mock/sessions')).status).toBe(403);
  });

  test('default cannot be claimed, nor a name that is no namespace', async () => {
    const mock = harness({ config: { controlToken: adminToken } });
    const refused = await claim(mock, 'default');
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toMatch(/claim a named world/);
    expect((await claim(mock, '-bad')).status).toBe(400);
  });

  test('without --control-token there is nothing to claim: namespaces are isolation, not access control', async () => {
    const mock = harness();
    const refused = await claim(mock, 'team-a', {});
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toMatch(/only when the mock runs with --control-token/);
  });
});
