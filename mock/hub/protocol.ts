/**
 * SignalR's JSON hub protocol, as far as the session hub needs it: text frames of
 * JSON records, each ended by the record separator 0x1E.
 * https://github.com/dotnet/aspnetcore/blob/main/src/SignalR/docs/specs/HubProtocol.md
 */

export const recordSeparator = '\u001e';

/** Message types of the hub protocol (HubProtocol.md, "Message Types"). */
export const MessageType = {
  Invocation: 1,
  StreamItem: 2,
  Completion: 3,
  StreamInvocation: 4,
  CancelInvocation: 5,
  Ping: 6,
  Close: 7,
} as const;

/** The only protocol and version the hub speaks; the handshake refuses others. */
export const hubProtocol = { name: 'json', version: 1 } as const;

export interface HubMessage {
  readonly type: number;
  readonly invocationId?: string;
  readonly target?: string;
  readonly arguments?: unknown[];
}

/** One frame may carry several records; a record never spans frames over WebSocket. */
export function splitRecords(frame: string): string[] {
  return frame.split(recordSeparator).filter((record) => record.length > 0);
}

export function encodeRecord(message: object): string {
  return `${JSON.stringify(message)}${recordSeparator}`;
}

export type HandshakeResult = { readonly ok: true } | { readonly ok: false; readonly error: string };

/** Checks the client's handshake request: `{"protocol":"json","version":1}`. */
export function readHandshake(record: string): HandshakeResult {
  let request: unknown;
  try {
    request = JSON.parse(record);
  } catch {
    return { ok: false, error: 'The handshake request is not JSON; send {"protocol":"json","version":1} followed by 0x1E.' };
  }
  const { protocol, version } = (request ?? {}) as { protocol?: unknown; version?: unknown };
  if (protocol !== hubProtocol.name) {
    return { ok: false, error: `The requested protocol '${String(protocol)}' is not available; this hub speaks only 'json'.` };
  }
  if (version !== hubProtocol.version) {
    return { ok: false, error: `The requested protocol version '${String(version)}' is not available; this hub speaks json version 1.` };
  }
  return { ok: true };
}

/** Parses one record after the handshake; undefined when it is not a hub message. */
export function readMessage(record: string): HubMessage | undefined {
  try {
    const message = JSON.parse(record) as HubMessage;
    return typeof message === 'object' && message !== null && typeof message.type === 'number' ? message : undefined;
  } catch {
    return undefined;
  }
}

export function invocation(target: string, argument: unknown): string {
  return encodeRecord({ type: MessageType.Invocation, target, arguments: [argument] });
}

export const pingRecord = encodeRecord({ type: MessageType.Ping });

export function closeRecord(error?: string, allowReconnect = false): string {
  return encodeRecord({ type: MessageType.Close, ...(error === undefined ? {} : { error }), allowReconnect });
}
