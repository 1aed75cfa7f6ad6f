/**
 * The session hub's connections, grouped by session, and what they hear: every
 * stored change of a session (SessionService's onChange) and its expiry on the
 * virtual clock. Knows WebSocket, not HTTP: mock/hub/register-hub.ts accepts the
 * connections and hands them over authenticated.
 */
import type { WebSocket } from 'ws';
import type { SessionTokenClaims } from '../domain/index.ts';
import type { SessionChange, VirtualClock } from '../services/index.ts';
import { closeRecord, invocation, MessageType, pingRecord, readHandshake, readMessage, encodeRecord, splitRecords } from './protocol.ts';
import { sessionEvent, userOf, type SessionEvent } from './session-events.ts';

export interface SessionHubOptions {
  readonly clock: VirtualClock;
  /** How often the hub pings a connection (SignalR's default KeepAliveInterval is 15 s). */
  readonly keepAliveMs?: number;
  /** How long a client may stay silent before the hub drops it (SignalR's ClientTimeoutInterval: 30 s). */
  readonly clientTimeoutMs?: number;
  /** How long a client has to send its handshake (SignalR's HandshakeTimeout: 15 s). */
  readonly handshakeTimeoutMs?: number;
}

/** A member admitted to the hub: its token's claims and its session's expiry. */
export interface HubMember {
  readonly claims: SessionTokenClaims;
  readonly expiry: number;
}

interface Connection {
  readonly socket: WebSocket;
  readonly member: HubMember;
  handshaken: boolean;
  lastHeardMs: number;
  timer: NodeJS.Timeout | undefined;
}

interface SessionGroup {
  readonly expiry: number;
  readonly connections: Set<Connection>;
}

// WebSocket close codes (RFC 6455 §7.4.1).
const normalClosure = 1000;
const goingAway = 1001;
const protocolError = 1002;

export class SessionHub {
  private readonly groups = new Map<string, SessionGroup>();
  private readonly keepAliveMs: number;
  private readonly clientTimeoutMs: number;
  private readonly handshakeTimeoutMs: number;

  constructor(private readonly options: SessionHubOptions) {
    this.keepAliveMs = options.keepAliveMs ?? 15_000;
    this.clientTimeoutMs = options.clientTimeoutMs ?? 30_000;
    this.handshakeTimeoutMs = options.handshakeTimeoutMs ?? 15_000;
  }

  /** Open connections, handshaken or not. */
  get connectionCount(): number {
    let count = 0;
    for (const group of this.groups.values()) count += group.connections.size;
    return count;
  }

  /** Takes over an upgraded, authenticated socket: handshake, pings, events. */
  accept(socket: WebSocket, member: HubMember): void {
    const { sessionId } = member.claims;
    const group = this.groups.get(sessionId) ?? { expiry: member.expiry, connections: new Set<Connection>() };
    this.groups.set(sessionId, group);
    const connection: Connection = { socket, member, handshaken: false, lastHeardMs: Date.now(), timer: undefined };
    group.connections.add(connection);

    connection.timer = setTimeout(() => this.drop(connection, 'The handshake did not arrive in time.', protocolError), this.handshakeTimeoutMs);
    connection.timer.unref();

    socket.on('message', (data, isBinary) => {
      connection.lastHeardMs = Date.now();
      if (isBinary) return this.drop(connection, 'This hub speaks the JSON protocol over text frames only.', protocolError);
      for (const record of splitRecords(data.toString())) this.receive(connection, record);
    });
    socket.on('close', () => this.forget(connection));
    socket.on('error', () => this.forget(connection));
  }

  /** SessionService's onChange: pushes the change to every connection of the session. */
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
      for (const connection of group?.connections ?? []) {
        if (connection.member.claims.userId === change.member.userId) {
          this.drop(connection, reason === 'kicked' ? 'You were kicked from the session.' : 'You left the session.');
        }
      }
      return;
    }
    if (change.kind === 'reset') {
      this.closeAll('The mock was reset.');
      return;
    }
    this.endSession(change.sessionId, sessionEvent(change.sessionId, 'SessionDestroyed', {}), 'The session was deleted.');
  }

  /** Ends every session whose expiry the virtual clock has reached, with SessionExpired. */
  checkExpiry(): void {
    const now = this.options.clock.now();
    for (const [sessionId, group] of [...this.groups]) {
      if (now >= group.expiry) this.endSession(sessionId, sessionEvent(sessionId, 'SessionExpired', { expiry: group.expiry }), 'The session has expired.');
    }
  }

  /** Closes every connection, telling clients why (reset, shutdown). */
  closeAll(reason: string): void {
    for (const group of [...this.groups.values()]) {
      for (const connection of [...group.connections]) this.drop(connection, reason, goingAway);
    }
  }

  private endSession(sessionId: string, event: SessionEvent, reason: string): void {
    this.publish(event);
    for (const connection of [...(this.groups.get(sessionId)?.connections ?? [])]) this.drop(connection, reason);
    this.groups.delete(sessionId);
  }

  private publish(event: SessionEvent): void {
    const record = invocation(event.eventType, event);
    for (const connection of this.groups.get(event.sessionId)?.connections ?? []) {
      if (connection.handshaken) connection.socket.send(record);
    }
  }

  private receive(connection: Connection, record: string): void {
    if (!connection.handshaken) {
      const handshake = readHandshake(record);
      if (!handshake.ok) {
        connection.socket.send(encodeRecord({ error: handshake.error }));
        return this.drop(connection, undefined, protocolError);
      }
      connection.handshaken = true;
      connection.socket.send(encodeRecord({}));
      this.keepAlive(connection);
      return;
    }
    const message = readMessage(record);
    if (!message) return this.drop(connection, 'A message is not a JSON hub message.', protocolError);
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
          connection.socket.send(
            encodeRecord({
              type: MessageType.Completion,
              invocationId: message.invocationId,
              error: `Failed to invoke '${String(message.target)}': the session hub has no client-callable methods; it only sends events.`,
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
    connection.timer = setInterval(() => {
      if (Date.now() - connection.lastHeardMs > this.clientTimeoutMs) {
        return this.drop(connection, 'The client sent nothing within the client timeout.');
      }
      connection.socket.send(pingRecord);
    }, this.keepAliveMs);
    connection.timer.unref();
  }

  /** Sends a close message (when handshaken and `tell`), then closes the socket. */
  private drop(connection: Connection, error: string | undefined, code = normalClosure, tell = true): void {
    this.forget(connection);
    const { socket } = connection;
    if (socket.readyState !== socket.OPEN) return;
    if (tell && connection.handshaken) socket.send(closeRecord(error));
    socket.close(code);
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
