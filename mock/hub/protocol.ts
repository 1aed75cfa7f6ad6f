/**
 * SignalR's JSON hub protocol, as far as the session hub needs it: text frames of
 * JSON records, each ended by the record separator 0x1E.
 * https://github.com/dotnet/aspnetcore/blob/main/src/SignalR/docs/specs/HubProtocol.md
 */

const recordSeparator = '\u001e';

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
const hubProtocol = { name: 'json', version: 1 } as const;

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
  const request = parseObject(record);
  if (request === undefined) {
    return {
      ok: false,
      error: 'The handshake request is not a JSON object; send {"protocol":"json","version":1} followed by 0x1E.',
    };
  }
  const { protocol, version } = request;
  if (protocol !== hubProtocol.name) {
    return {
      ok: false,
      error: `The requested protocol ${describeValue(protocol)} is not available; this hub speaks only 'json'.`,
    };
  }
  if (version !== hubProtocol.version) {
    return {
      ok: false,
      error:
        `The requested protocol version ${describeValue(version)} is not available; this hub speaks json ` +
        `version 1.`,
    };
  }
  return { ok: true };
}

export type MessageResult =
  { readonly ok: true; readonly message: HubMessage } | { readonly ok: false; readonly error: string };

/** The longest invocation id the hub echoes back; SignalR clients send short counters ("1", "2", ...). */
const maxInvocationIdLength = 256;

/**
 * Parses one record after the handshake. Every field the hub reads is checked for its
 * type here (HubProtocol.md); the hub never reads any other field of a client's message.
 */
export function readMessage(record: string): MessageResult {
  const message = parseObject(record);
  if (message === undefined)
    return { ok: false, error: 'A message is not a JSON object; each record must be one hub message.' };
  const { type, invocationId, target, arguments: args } = message;
  if (typeof type !== 'number' || !Number.isInteger(type)) {
    return {
      ok: false,
      error: `A message's type is ${describeValue(type)}; it must be a whole number (HubProtocol.md, "Message Types").`,
    };
  }
  if (invocationId !== undefined && (typeof invocationId !== 'string' || invocationId.length > maxInvocationIdLength)) {
    return {
      ok: false,
      error: `A message's invocationId must be a string of at most ${maxInvocationIdLength} characters.`,
    };
  }
  if (target !== undefined && typeof target !== 'string')
    return { ok: false, error: `A message's target is ${describeValue(target)}; it must be a string.` };
  if (args !== undefined && !Array.isArray(args))
    return { ok: false, error: `A message's arguments are ${describeValue(args)}; they must be an array.` };
  return {
    ok: true,
    message: {
      type,
      ...(invocationId === undefined ? {} : { invocationId }),
      ...(target === undefined ? {} : { target }),
      ...(args === undefined ? {} : { arguments: args }),
    },
  };
}

/** A value from a client's message, for an error text: never its own toString, at most 64 characters of a string. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 64 ? `${value.slice(0, 64)}...` : value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : 'an object';
}

/** The record as a JSON object (not an array), or undefined. */
function parseObject(record: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(record);
  } catch {
    return undefined;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function invocation(target: string, argument: unknown): string {
  return encodeRecord({ type: MessageType.Invocation, target, arguments: [argument] });
}

export const pingRecord = encodeRecord({ type: MessageType.Ping });

export function closeRecord(error?: string, allowReconnect = false): string {
  return encodeRecord({ type: MessageType.Close, ...(error === undefined ? {} : { error }), allowReconnect });
}
