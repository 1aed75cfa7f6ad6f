/**
 * The events the session hub pushes, as documented in spec/session-events.asyncapi.yaml:
 * each is a hub invocation whose target is the event name and whose one argument is
 * `{ sessionId, eventType, data }`.
 */
import type { SessionApiComponents } from '../../spec/index.ts';
import type { Member } from '../domain/index.ts';

type User = SessionApiComponents['schemas']['User'];

export const sessionEventTypes = ['UserAdded', 'UserRemoved', 'SessionDestroyed', 'SessionExpired'] as const;
export type SessionEventType = (typeof sessionEventTypes)[number];

export interface SessionEventData {
  /** The member who joined. */
  UserAdded: User;
  /** The member who was kicked or disconnected; `reason` says which. */
  UserRemoved: User & { reason: 'kicked' | 'left' };
  SessionDestroyed: Record<string, never>;
  /** Unix seconds at which the session ended. */
  SessionExpired: { expiry: number };
}

export interface SessionEvent<T extends SessionEventType = SessionEventType> {
  readonly sessionId: string;
  readonly eventType: T;
  readonly data: SessionEventData[T];
}

export function userOf(member: Member): User {
  return { id: member.userId, role: member.role, name: member.name, address: member.address };
}

export function sessionEvent<T extends SessionEventType>(
  sessionId: string,
  eventType: T,
  data: SessionEventData[T],
): SessionEvent<T> {
  return { sessionId, eventType, data };
}
