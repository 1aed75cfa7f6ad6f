/**
 * The server side of the dashboard (spec/mock-control.yaml, "Dashboard"): the
 * world's event stream, its tickets where the control token is needed, member
 * tokens, removing one fault rule, and the page's files with the control plane's
 * protection. In process through the harness; one test over a socket.
 */
import { describe, expect, test } from 'vitest';
import { apiKey, harness } from '../testing/harness.ts';

const sessionKinds = (events: { name: string; data: any }[]) =>
  events.filter((event) => event.name === 'session').map((event) => event.data.kind as string);

describe('the event stream', () => {
  test('opens with ready and tells of a creation, a join, a kick and a delete as each is stored', async () => {
    const mock = harness();
    const stream = await mock.openStream({ method: 'GET', url: '/__mock/events' });
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toBe('text/event-stream');
    expect((await stream.next('ready')).data).toEqual({ namespace: 'default' });
    const host = await mock.create();
    const guest = await mock.join(host.sessionId);
    await mock.kick(host.token, guest.id);
    await mock.remove(host.token);
    expect(sessionKinds(stream.events)).toEqual([
      'session-created',
      'member-added',
      'member-removed',
      'session-deleted',
    ]);
    const removed = stream.events.find((event) => event.data?.kind === 'member-removed')!;
    expect(removed.data).toEqual({
      kind: 'member-removed',
      sessionId: host.sessionId,
      userId: guest.id,
      state: 'kicked',
    });
  });

  test('carries each journal entry whole, with its tokens redacted as the journal keeps them', async () => {
    const mock = harness();
    const stream = await mock.openStream({ method: 'GET', url: '/__mock/events' });
    const host = await mock.create();
    const entries = stream.events.filter((event) => event.name === 'journal').map((event) => event.data);
    const created = entries.find((entry) => entry.operationId === 'createSession');
    expect(created).toMatchObject({ method: 'POST', path: '/v1/session', status: 200 });
    expect(created.sequence).toBeGreaterThan(0);
    expect(JSON.stringify(created)).not.toContain(host.token);
    expect(JSON.stringify(created)).not.toContain(host.walletToken);
    const listed = await mock.request({ method: 'GET', url: `/__mock/requests?operationId=createSession` });
    expect(listed.body.requests).toEqual([created]);
  });

  test('announces clock, fault and scenario changes and a reset', async () => {
    const mock = harness();
    const stream = await mock.openStream({ method: 'GET', url: '/__mock/events' });
    await mock.advance(60);
    const fault = await mock.request({ method: 'POST', url: '/__mock/faults', json: { status: 503 } });
    await mock.request({ method: 'DELETE', url: `/__mock/faults/${fault.body.id}` });
    await mock.request({ method: 'POST', url: '/__mock/scenario', json: { name: 'kicked-user' } });
    await mock.request({ method: 'POST', url: '/__mock/reset' });
    const names = stream.events.map((event) => event.name).filter((name) => name !== 'journal' && name !== 'session');
    // A scenario starts from an empty world: a reset, then the scenario.
    expect(names).toEqual(['ready', 'clock', 'faults', 'faults', 'reset', 'scenario', 'reset']);
  });

  test('follows only its own world, named by the namespace parameter', async () => {
    const mock = harness();
    const alpha = await mock.openStream({ method: 'GET', url: '/__mock/events?namespace=alpha' });
    expect((await alpha.next('ready')).data).toEqual({ namespace: 'alpha' });
    await mock.request({
      method: 'POST',
      url: '/__mock/clock',
      headers: { 'x-mock-namespace': 'beta' },
      json: { advanceSeconds: 5 },
    });
    await mock.request({
      method: 'POST',
      url: '/__mock/clock',
      headers: { 'x-mock-namespace': 'alpha' },
      json: { advanceSeconds: 5 },
    });
    expect(alpha.events.map((event) => event.name)).toEqual(['ready', 'clock']);
  });

  test('refuses a namespace parameter that breaks the rule of the header, naming it', async () => {
    const mock = harness();
    const answer = await mock.request({ method: 'GET', url: '/__mock/events?namespace=no%20spaces' });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ pointer: '/namespace', message: 'must be a namespace' }]);
  });

  test('streams over HTTP until the mock closes, which ends it', async () => {
    const mock = harness({ socket: true });
    const origin = await mock.origin();
    const response = await fetch(`${origin}/__mock/events`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const until = async (piece: string) => {
      while (!text.includes(piece)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`The stream ended before "${piece}": ${text}`);
        text += value;
      }
    };
    await until('event: ready');
    await mock.create();
    await until('"kind":"session-created"');
    await mock.close();
    while (!(await reader.read()).done);
  });
});

describe('tickets where the control token is needed', () => {
  const token = 'dashboard-control-token';
  const bearer = { authorization: `Bearer ${token}` };

  test('the stream needs the token or a ticket, good for one stream of its world within a minute', async () => {
    const mock = harness({ config: { controlToken: token } });
    const refused = await mock.openStream({ method: 'GET', url: '/__mock/events' });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('POST /__mock/events/ticket');
    expect((await mock.request({ method: 'POST', url: '/__mock/events/ticket' })).status).toBe(403);

    const issue = async (namespace: string) => {
      const answer = await mock.request({
        method: 'POST',
        url: '/__mock/events/ticket',
        headers: { ...bearer, 'x-mock-namespace': namespace },
      });
      expect(answer.status).toBe(201);
      expect(answer.body.namespace).toBe(namespace);
      return answer.body.ticket as string;
    };
    const ticket = await issue('alpha');
    expect(
      (await mock.openStream({ method: 'GET', url: `/__mock/events?namespace=beta&ticket=${ticket}` })).status,
    ).toBe(403);
    // Used up by that wrong try too.
    expect(
      (await mock.openStream({ method: 'GET', url: `/__mock/events?namespace=alpha&ticket=${ticket}` })).status,
    ).toBe(403);

    const good = await issue('alpha');
    const opened = await mock.openStream({ method: 'GET', url: `/__mock/events?namespace=alpha&ticket=${good}` });
    expect(opened.status).toBe(200);
    expect((await opened.next('ready')).data).toEqual({ namespace: 'alpha' });
    expect(
      (await mock.openStream({ method: 'GET', url: `/__mock/events?namespace=alpha&ticket=${good}` })).status,
    ).toBe(403);

    const late = await issue('alpha');
    mock.realMs += 61_000;
    expect(
      (await mock.openStream({ method: 'GET', url: `/__mock/events?namespace=alpha&ticket=${late}` })).status,
    ).toBe(403);
    // The token itself still opens it.
    expect(
      (await mock.openStream({ method: 'GET', url: '/__mock/events?namespace=alpha', headers: bearer })).status,
    ).toBe(200);
  });
});

describe('member tokens', () => {
  test('a current member gets a token that acts as them through the API; one who is gone gets 404', async () => {
    const mock = harness();
    const host = await mock.create();
    const guest = await mock.join(host.sessionId);
    const url = (userId: string, sessionId = host.sessionId) => `/__mock/sessions/${sessionId}/members/${userId}/token`;

    const issued = await mock.request({ method: 'POST', url: url(guest.id) });
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ sessionId: host.sessionId, userId: guest.id, role: 'guest' });
    const asGuest = await mock.current(issued.body.token);
    expect(asGuest.status).toBe(200);
    const hostToken = (await mock.request({ method: 'POST', url: url(host.id) })).body.token;
    expect((await mock.kick(hostToken, guest.id)).status).toBe(200);

    const kicked = await mock.request({ method: 'POST', url: url(guest.id) });
    expect(kicked.status).toBe(404);
    expect(kicked.body.detail).toContain('has been kicked');
    expect((await mock.current(issued.body.token)).status).toBe(401);
    const unknown = await mock.request({ method: 'POST', url: url(guest.id, 'no-such-session') });
    expect(unknown.status).toBe(404);
    expect(unknown.body.type).toContain('session-not-found');
  });

  test("the API has no such power: the path is the control plane's, refused without the control token", async () => {
    const mock = harness({ config: { controlToken: 'secret-token' } });
    const answer = await mock.request({
      method: 'POST',
      url: '/__mock/sessions/x/members/y/token',
      headers: { 'x-api-key': apiKey },
    });
    expect(answer.status).toBe(403);
  });
});

test('removeFault removes the one rule and leaves the others; an unknown id is a 404', async () => {
  const mock = harness();
  const first = await mock.request({ method: 'POST', url: '/__mock/faults', json: { status: 500 } });
  const second = await mock.request({ method: 'POST', url: '/__mock/faults', json: { status: 503 } });
  expect((await mock.request({ method: 'DELETE', url: `/__mock/faults/${first.body.id}` })).status).toBe(204);
  expect((await mock.request({ method: 'GET', url: '/__mock/faults' })).body.faults).toEqual([second.body]);
  const unknown = await mock.request({ method: 'DELETE', url: `/__mock/faults/${first.body.id}` });
  expect(unknown.status).toBe(404);
  expect((await mock.request({ method: 'DELETE', url: '/__mock/faults/x' })).status).toBe(404);
});

describe('the page and its files', () => {
  test('are served from this mock under a policy that allows nothing from elsewhere', async () => {
    const mock = harness();
    const page = await mock.request({ method: 'GET', url: '/__mock/ui' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('src="/__mock/ui/app.js"');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain("connect-src 'self'");
    const script = await mock.request({ method: 'GET', url: '/__mock/ui/app.js' });
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.text).toContain('/__mock/events');
    expect(script.text).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    const styles = await mock.request({ method: 'GET', url: '/__mock/ui/app.css' });
    expect(styles.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  test('need no control token (they hold no data), while every call of the page does', async () => {
    const mock = harness({ config: { controlToken: 'secret-token' } });
    expect((await mock.request({ method: 'GET', url: '/__mock/ui' })).status).toBe(200);
    expect((await mock.request({ method: 'GET', url: '/__mock/sessions' })).status).toBe(403);
  });

  test('are refused beyond loopback without a control token, and gone with --no-control', async () => {
    const open = harness({ config: { host: '0.0.0.0' } });
    expect((await open.request({ method: 'GET', url: '/__mock/ui' })).status).toBe(403);
    const none = harness({ config: { control: false } });
    expect((await none.request({ method: 'GET', url: '/__mock/ui' })).status).toBe(404);
    expect((await none.request({ method: 'GET', url: '/__mock/events' })).status).toBe(404);
  });
});
