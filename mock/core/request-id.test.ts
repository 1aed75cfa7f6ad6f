/** Every answer, of the API and of the control plane, carries X-Request-Id (spec/mock-control.yaml). */
import { describe, expect, test } from 'vitest';
import { harness } from '../testing/harness.ts';

describe('X-Request-Id', () => {
  test('the control plane echoes the request id it was sent, and makes one when none was sent', async () => {
    const mock = harness();
    const echoed = await mock.request({ method: 'GET', url: '/__mock/clock', headers: { 'x-request-id': 'ctl-1' } });
    expect(echoed.headers['x-request-id']).toBe('ctl-1');
    const made = await mock.request({ method: 'POST', url: '/__mock/reset' });
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const refused = await mock.raw({ method: 'GET', url: '/__mock/clock', headers: { 'x-mock-namespace': '-' } });
    expect(refused.status).toBe(400);
    expect(refused.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("an API answer's request id is its journal entry's", async () => {
    const mock = harness();
    const answer = await mock.request({ method: 'GET', url: '/v1/session/current' });
    const journal = await mock.request({ method: 'GET', url: '/__mock/requests?operationId=getCurrentSession' });
    expect(journal.body.requests.map((entry: { requestId: string }) => entry.requestId)).toEqual([
      answer.headers['x-request-id'],
    ]);
  });
});
