/**
 * spec/session-events.asyncapi.yaml and the hub agree: the same events, and every
 * payload the hub builds fits its documented schema.
 */
import { describe, expect, test } from 'vitest';
import type { Member } from '../domain/index.ts';
import { eventErrors, sessionEventsDocument as document } from '../testing/session-event-schema.ts';
import { sessionEvent, sessionEventTypes, userOf } from './session-events.ts';

const member: Member = {
  userId: 'u-1',
  wallet: '0xabc',
  name: 'Brave Cat',
  address: '0xabc',
  role: 'guest',
  state: 'kicked',
  membershipId: 'm-1',
};

describe('session events: the AsyncAPI document', () => {
  test('documents exactly the events the hub sends, each on the session channel', () => {
    expect(Object.keys(document.components.messages).sort()).toEqual([...sessionEventTypes].sort());
    expect(Object.keys(document.channels.session.messages).sort()).toEqual([...sessionEventTypes].sort());
  });

  test.for([
    sessionEvent('s-1', 'UserAdded', userOf(member)),
    sessionEvent('s-1', 'UserRemoved', { ...userOf(member), reason: 'kicked' }),
    sessionEvent('s-1', 'SessionDestroyed', {}),
    sessionEvent('s-1', 'SessionExpired', { expiry: 1_790_000_000 }),
  ])('a $eventType payload fits its documented schema', (event) => {
    expect(eventErrors(event)).toEqual([]);
  });

  test('a payload that breaks the schema is caught (the check is not vacuous)', () => {
    expect(eventErrors({ sessionId: 's-1', eventType: 'UserRemoved', data: { ...userOf(member) } })).not.toEqual([]);
  });
});
