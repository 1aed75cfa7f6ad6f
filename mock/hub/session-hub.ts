/**
 * The session hub's connections, grouped by session, and what they hear: every
 * stored change of a session (its world's events, from every replica), its expiry
 * included (`session-expired`, published once by the replica that claimed it).
 * Knows WebSocket, not HTTP: mock/hub/register-hub.ts accepts the connections and
 * hands them over authenticated, and claims the expiries.
 */
import type { RawData, WebSocket } from 'ws';
import type { SessionTokenClaims } from '../domain/index.ts';
import type { SessionChange } from '../services/index.ts';
import { reportUnexpectedError } from '../process-guard.ts';
import {
  closeRecord,
  describeValue,
  invocation,
  MessageType,
  pingRecord,
  readHandshake,
  readMessage,
  encodeRecord,
  splitRecords,
} from './protocol.ts';
import { sessionEvent, userOf, type SessionEvent } from './session-events.ts';

export interface SessionHubOptions {
  /** How often the hub pings a connection (SignalR's default KeepAliveInterval is 15 s). */
  readonly keepAliveMs?: number;
  /** How long a client may stay silent before the hub drops it (SignalR's ClientTimeoutInterval: 30 s). */
  readonly clientTimeoutMs?: number;
  /** How long a client has to send its handshake (SignalR's HandshakeTimeout: 15 s). */
  readonly handshakeTimeoutMs?: number;
  /** The send queue (bytes) past which a client that does not read is cut off. */
  readonly maxBufferedBytes?: number;
}

/**
 * The limits one client works within (spec/session-events.asyncapi.yaml, "Limits"):
 * a client that stops reading is cut off once this much waits to be sent to it, and
 * one frame may carry at most this many records, so that no client can make the mock
 * hold or write without bound.
 */
export const hubLimits = { maxBufferedBytes: 1024 * 1024, maxRecordsPerFrame: 64 } as const;

/** A member admitted to the hub: its token's claims. */
export interface HubMember {
  readonly claims: SessionTokenClaims;
}

interface Connection {
  readonly socket: WebSocket;
  readonly member: HubMember;
  handshaken: boolean;
  lastHeardMs: number;
  timer: NodeJS.Timeout | undefined;
}

interface SessionGroup {
  readonly connections: Set<Connection>;
}

// WebSocket close codes (RFC 6455 §7.4.1).
const normalClosure = 1000;
const goingAway = 1001;
const protocolError = 1002;
const policyViolation = 1008;
const internalError = 1011;

export class SessionHub {
  private readonly groups = new Map<string, SessionGroup>();
  private readonly keepAliveMs: number;
  private readonly clientTimeoutMs: number;
  private readonly handshakeTimeoutMs: number;
  private readonly maxBufferedBytes: number;

  constructor(options: SessionHubOptions = {}) {
    this.keepAliveMs = options.keepAliveMs ?? 15_000;
    this.clientTimeoutMs = options.clientTimeoutMs ?? 30_000;
    this.handshakeTimeoutMs = options.handshakeTimeoutMs ?? 15_000;
    this.maxBufferedBytes = options.maxBufferedBytes ?? hubLimits.maxBufferedBytes;
  }

  /** Takes over an upgraded, authenticated socket: handshake, pings, events. */
  accept(socket: WebSocket, member: HubMember): void {
    const { sessionId } = member.claims;
    const group = this.groups.get(sessionId) ?? { connections: new Set<Connection>() };
    this.groups.set(sessionId, group);
    const connection: Connection = { socket, member, handshaken: false, lastHeardMs: Date.now(), timer: undefined };
    group.connections.add(connection);

    connection.timer = setTimeout(
      this.guarded(connection, 'the handshake timeout', () =>
        this.drop(connection, 'The handshake did not arrive in time.', protocolError),
      ),
      this.handshakeTimeoutMs,
    );
    connection.timer.unref();

    socket.on(
      'message',
      this.guarded(connection, 'a hub message', (data: RawData, isBinary: boolean) => {
        connection.lastHeardMs = Date.now();
        if (isBinary)
          return this.drop(connection, 'This hub speaks the JSON protocol over text frames only.', protocolError);
        const records = splitRecords(textOf(data));
        if (records.length > hubLimits.maxRecordsPerFrame) {
          return this.drop(
            connection,
            `A frame carries more than ${hubLimits.maxRecordsPerFrame} messages; send fewer at once.`,
            policyViolation,
          );
        }
        for (const record of records) {
          if (!this.isOpen(connection)) return;
          this.receive(connection, record);
        }
      }),
    );
    socket.on('close', () => this.forget(connection));
    socket.on('error', () => this.forget(connection));
  }

  /** A world event: pushes a session's change to every connection of the session. */
  onChange(change: SessionChange): void {
    if (change.kind === 'member-added') {
      this.publish(sessionEvent(change.sessionId, 'UserAdded', userOf(change.member)));
      return;
    }
    if (change.kind === 'member-removed') {
      const reason = change.member.state === 'kicked' ? 'kicked' : 'left';
      // The removed member hears it too, then loses its connections: its tokens are revoked.
      this.publish(sessionEvent(change.sessionId, 'UserRemoved', { ...userOf(change.member), reason }));
      const group = this.groups.get(change.sessionId);
      for (const connection of [...(group?.connections ?? [])]) {
        if (connection.member.claims.userId === change.member.userId) {
          this.drop(connection, reason === 'kicked' ? 'You were kicked from the session.' : 'You left the session.');
        }
      }
      return;
    }
    if (change.kind === 'reset' || change.kind === 'restored') {
      this.closeAll(change.kind === 'reset' ? 'The mock was reset.' : 'A snapshot was restored.');
      return;
    }
    if (change.kind === 'session-expired') {
      this.endSession(change.sessionId, sessionEvent(change.sessionId, 'SessionExpired', { expiry: change.expiry }));
      return;
    }
    if (change.kind !== 'session-deleted') return;
    this.endSession(change.sessionId, sessionEvent(change.sessionId, 'SessionDestroyed', {}));
  }

  /** Connections open now, of every session (none: the hub may be let go). */
  connectionCount(): number {
    let count = 0;
    for (const group of this.groups.values()) count += group.connections.size;
    return count;
  }

  /**
   * Closes every connection, telling clients why (reset, shutdown). `allowReconnect` (a replica shutting down,
   * while others serve on) lets SignalR clients with automatic reconnect connect again, to another replica.
   */
  closeAll(reason: string, allowReconnect = false): void {
    for (const group of [...this.groups.values()]) {
      for (const connection of [...group.connections]) this.drop(connection, reason, goingAway, true, allowReconnect);
    }
  }

  /**
   * Publishes the session's last event, then closes normally: a close message without an
   * error, since the event said why. With an error, SignalR clients log it as a failure
   * ("Server returned an error on close").
   */
  private endSession(sessionId: string, event: SessionEvent): void {
    this.publish(event);
    for (const connection of [...(this.groups.get(sessionId)?.connections ?? [])]) this.drop(connection, undefined);
    this.groups.delete(sessionId);
  }

  private publish(event: SessionEvent): void {
    const record = invocation(event.eventType, event);
    for (const connection of [...(this.groups.get(event.sessionId)?.connections ?? [])]) {
      if (connection.handshaken) this.send(connection, record);
    }
  }

  /**
   * Sends unless the client has stopped reading: past maxBufferedBytes waiting to be
   * sent, the connection is cut off, so that one client cannot make the mock hold
   * an ever longer queue (the socket's writes do not wait for the reader).
   */
  private send(connection: Connection, record: string): void {
    if (!this.isOpen(connection)) return;
    if (connection.socket.bufferedAmount > this.maxBufferedBytes) {
      this.forget(connection);
      connection.socket.terminate();
      return;
    }
    connection.socket.send(record);
  }

  private isOpen(connection: Connection): boolean {
    return connection.socket.readyState === connection.socket.OPEN;
  }

  /**
   * Wraps a listener or timer callback: an error it throws is a bug in the mock;
   * it is reported to the process guard (logged, counted) and the connection closed,
   * instead of the error ending the process.
   */
  private guarded<A extends unknown[]>(
    connection: Connection,
    where: string,
    listener: (...args: A) => void,
  ): (...args: A) => void {
    return (...args) => {
      try {
        listener(...args);
      } catch (error) {
        reportUnexpectedError(error, `the session hub (${where})`);
        this.forget(connection);
        if (this.isOpen(connection)) connection.socket.close(internalError);
      }
    };
  }

  private receive(connection: Connection, record: string): void {
    if (!connection.handshaken) {
      const handshake = readHandshake(record);
      if (!handshake.ok) {
        this.send(connection, encodeRecord({ error: handshake.error }));
        return this.drop(connection, undefined, protocolError);
      }
      connection.handshaken = true;
      this.send(connection, encodeRecord({}));
      this.keepAlive(connection);
      return;
    }
    const read = readMessage(record);
    if (!read.ok) return this.drop(connection, read.error, protocolError);
    const { message } = read;
    switch (message.type) {
      case MessageType.Ping:
      case MessageType.CancelInvocation:
        return;
      case MessageType.Close:
        return this.drop(connection, undefined, normalClosure, false);
      case MessageType.Invocation:
      case MessageType.StreamInvocation:
        // The hub only pushes; a client's call gets an error completion when it waits for one.
        if (message.invocationId !== undefined) {
          this.send(
            connection,
            encodeRecord({
              type: MessageType.Completion,
              invocationId: message.invocationId,
              error:
                `Failed to invoke ${describeValue(message.target)}: the session hub has no client-callable ` +
                `methods; it only sends events.`,
            }),
          );
        }
        return;
      default:
        return this.drop(connection, `Message type ${message.type} is not expected from a client.`, protocolError);
    }
  }

  private keepAlive(connection: Connection): void {
    clearTimeout(connection.timer);
    connection.timer = setInterval(
      this.guarded(connection, 'the keep-alive', () => {
        if (Date.now() - connection.lastHeardMs > this.clientTimeoutMs) {
          return this.drop(connection, 'The client sent nothing within the client timeout.');
        }
        this.send(connection, pingRecord);
      }),
      this.keepAliveMs,
    );
    connection.timer.unref();
  }

  /** Sends a close message (when handshaken and `tell`), then closes the socket. */
  private drop(
    connection: Connection,
    error: string | undefined,
    code = normalClosure,
    tell = true,
    allowReconnect = false,
  ): void {
    this.forget(connection);
    const { socket } = connection;
    if (!this.isOpen(connection)) return;
    if (tell && connection.handshaken) this.send(connection, closeRecord(error, allowReconnect));
    if (this.isOpen(connection)) socket.close(code);
  }

  private forget(connection: Connection): void {
    clearTimeout(connection.timer);
    clearInterval(connection.timer);
    const group = this.groups.get(connection.member.claims.sessionId);
    if (!group) return;
    group.connections.delete(connection);
    if (group.connections.size === 0) this.groups.delete(connection.member.claims.sessionId);
  }
}

/** A text frame's bytes as a string; ws has already checked that they are UTF-8 (else it closes with 1007). */
export function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString();
  return (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)).toString();
}
