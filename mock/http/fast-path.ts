/**
 * The way in for the requests the mock answers most: plain HTTP/1.1 requests
 * (plain-request.ts) read straight from the socket and answered with one write,
 * without node:http's request and response objects, which cost about as much CPU
 * as the mock's own work on a GET (scripts/bench/README.md, "Issue 14: a way in
 * without node:http"). Whatever is not plain, a path this does not serve (the docs,
 * the hub), or any request once the server is closing goes to node:http, which
 * from that request on serves the connection: the bytes not yet answered are put
 * back in front of the socket and handed to Node's own connection listener.
 * Answers carry what node:http's would, byte for byte but the Date
 * (fast-path.test.ts sends one table of raw requests both ways).
 */
import { STATUS_CODES, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { CoreRequest, CoreResponse } from '../core/index.ts';
import { printableHeaderValue, readPlainRequest, type PlainRequestLimits } from './plain-request.ts';
import { sendAtTurnEnd } from './turn-end-writes.ts';

export interface FastPathOptions extends PlainRequestLimits {
  /** Whether the fast path serves this path; the others go to node:http. */
  readonly serves: (path: string) => boolean;
  /** True once the server is shutting down: node:http answers from then on. */
  readonly closing: () => boolean;
  /** The core's answer, or a rejection (reported, the connection closed). */
  readonly answer: (request: CoreRequest) => Promise<CoreResponse>;
  /** After each answer (the request log); status 0 for a dropped connection. */
  readonly answered: (method: string, path: string, status: number, started: number) => void;
  readonly failed: (error: unknown) => void;
}

export interface FastPath {
  /** Ends the connections waiting for a request (shutdown). */
  closeIdle(): void;
  /** Ends every connection it serves. */
  closeAll(): void;
}

/** Takes over the server's connections: node:http gets those the fast path hands on. */
export function attachFastPath(server: Server, options: FastPathOptions): FastPath {
  const listeners = server.listeners('connection');
  if (listeners.length !== 1) {
    throw new Error(`The fast path expects node:http's one connection listener; the server has ${listeners.length}.`);
  }
  const nodeConnection = listeners[0] as (socket: Socket) => void;
  server.removeListener('connection', nodeConnection);
  const open = new Map<Socket, { idle: () => boolean }>();

  server.on('connection', (socket: Socket) => {
    // Node's limit on the wait for a request's headers applies to the first; then its keep-alive timeout.
    let timeoutMs = server.headersTimeout;
    let pending: Buffer | undefined;
    let busy = false;
    let ended = false;
    let paused = false;
    const remoteAddress = socket.remoteAddress;

    const onData = (chunk: Buffer): void => {
      pending = pending === undefined ? chunk : Buffer.concat([pending, chunk]);
      if (!busy) serveNext();
      else if (pending.length > options.maxHeaderBytes + options.bodyLimitBytes && !paused) {
        // A client sending ahead of its answers waits, as Node makes it wait.
        paused = true;
        socket.pause();
      }
    };
    const onEnd = (): void => {
      ended = true;
      if (!busy) socket.end();
    };
    const onTimeout = (): void => {
      if (!busy) socket.destroy();
    };
    const onClose = (): void => {
      open.delete(socket);
    };
    const ignore = (): void => {};
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('timeout', onTimeout);
    socket.on('close', onClose);
    socket.on('error', ignore);
    socket.setTimeout(timeoutMs);
    open.set(socket, { idle: () => !busy });

    function serveNext(): void {
      if (paused) {
        paused = false;
        socket.resume();
      }
      if (pending === undefined) {
        if (ended) socket.end();
        return;
      }
      const text = pending.toString('latin1');
      const read = readPlainRequest(text, 0, options);
      if (read === 'incomplete' || read === 'not-plain' || options.closing()) return handOver();
      const queryAt = read.target.indexOf('?');
      const path = queryAt === -1 ? read.target : read.target.slice(0, queryAt);
      if (!options.serves(path)) return handOver();

      // A copy: the journal may keep the body, and a slice would keep the whole chunk alive with it.
      const body = read.end > read.bodyStart ? new Uint8Array(pending.subarray(read.bodyStart, read.end)) : undefined;
      pending = read.end === pending.length ? undefined : pending.subarray(read.end);
      busy = true;
      const started = performance.now();
      const request: CoreRequest = {
        method: read.method,
        path,
        query: queryAt === -1 ? '' : read.target.slice(queryAt + 1),
        headers: read.headers,
        body,
        remoteAddress,
      };
      options.answer(request).then(
        (answer) => {
          write(read.method, answer);
          options.answered(read.method, path, answer.drop ? 0 : answer.status, started);
        },
        (error: unknown) => {
          options.failed(error);
          socket.destroy();
        },
      );
    }

    function write(method: string, answer: CoreResponse): void {
      if (answer.drop || socket.destroyed) {
        socket.destroy();
        return;
      }
      const closeAfter = options.closing();
      const head = answerHead(method, answer, closeAfter, server.keepAliveTimeout);
      if (head === undefined) {
        options.failed(new Error(`An answer header of ${method} holds characters HTTP cannot carry.`));
        socket.destroy();
        return;
      }
      if (answer.stream) {
        socket.write(head.text, 'latin1');
        const stop = answer.stream.open(
          (chunk) => socket.write(`${Buffer.byteLength(chunk).toString(16)}\r\n${chunk}\r\n`),
          () => {
            socket.write('0\r\n\r\n');
            socket.off('close', stop);
            done(closeAfter);
          },
        );
        socket.once('close', stop);
        return;
      }
      const body = method === 'HEAD' ? undefined : answer.body;
      sendAtTurnEnd(socket);
      if (typeof body === 'string' && head.ascii) socket.write(head.text + body);
      else {
        socket.write(head.text, 'latin1');
        if (body !== undefined && body.length > 0) socket.write(body);
      }
      done(closeAfter);
    }

    function done(closeAfter: boolean): void {
      busy = false;
      if (closeAfter) {
        socket.end();
        return;
      }
      if (timeoutMs !== server.keepAliveTimeout) {
        timeoutMs = server.keepAliveTimeout;
        socket.setTimeout(timeoutMs);
      }
      serveNext();
    }

    /** From here on node:http serves this connection, starting with the bytes not yet answered. */
    function handOver(): void {
      socket.pause();
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('timeout', onTimeout);
      socket.off('close', onClose);
      socket.off('error', ignore);
      socket.setTimeout(0);
      open.delete(socket);
      if (pending !== undefined) socket.unshift(pending);
      pending = undefined;
      nodeConnection.call(server, socket);
      socket.resume();
    }
  });

  return {
    closeIdle: () => {
      for (const [socket, state] of open) if (state.idle()) socket.destroy();
    },
    closeAll: () => {
      for (const socket of open.keys()) socket.destroy();
    },
  };
}

interface AnswerHead {
  readonly text: string;
  /** Whether every character is ASCII, so that the head and a text body can be written as one UTF-8 string. */
  readonly ascii: boolean;
}

/** Node's rule for header values (`checkInvalidHeaderChar`): tabs, printable ASCII and latin1's upper half. */
const invalidHeaderChar = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * The status line and headers as node:http writes them for `writeHead(status, headers)`: the answer's headers
 * in their order, then Date, Connection and Keep-Alive; Content-Length as mock/http/app.ts sets it.
 * Undefined when a value holds a character Node would refuse.
 */
function answerHead(
  method: string,
  answer: CoreResponse,
  closeAfter: boolean,
  keepAliveMs: number,
): AnswerHead | undefined {
  const { headers, body } = answer;
  let text = statusLine(answer.status);
  // The names are the core's own, and so are the status line and the headers added here: all ASCII.
  let ascii = true;
  for (const name in headers) {
    const value = headers[name]!;
    if (!printableHeaderValue.test(value)) {
      if (invalidHeaderChar.test(value)) return undefined;
      ascii = false;
    }
    text += `${name}: ${value}\r\n`;
  }
  // As withContentLength adds it, without the copy of the headers.
  if (needsContentLength(method, answer)) text += `content-length: ${byteLength(body)}\r\n`;
  if (closeAfter || answer.stream) {
    text += `Date: ${utcDate()}\r\n`;
    text += closeAfter ? 'Connection: close\r\n' : keepAliveLines(keepAliveMs);
    if (answer.stream) text += 'Transfer-Encoding: chunked\r\n';
    return { text: `${text}\r\n`, ascii };
  }
  return { text: text + keptAliveEnd(keepAliveMs), ascii };
}

const statusLines = new Map<number, string>();

function statusLine(status: number): string {
  let line = statusLines.get(status);
  if (line === undefined) {
    line = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'unknown'}\r\n`;
    statusLines.set(status, line);
  }
  return line;
}

const keepAliveLines = (keepAliveMs: number) =>
  `Connection: keep-alive\r\nKeep-Alive: timeout=${Math.floor(keepAliveMs / 1000)}\r\n`;

let endDate = '';
let endKeepAliveMs = -1;
let endText = '';

/** The end of most heads (Date, Connection, Keep-Alive, the blank line): made again when the second turns. */
function keptAliveEnd(keepAliveMs: number): string {
  const date = utcDate();
  if (date !== endDate || keepAliveMs !== endKeepAliveMs) {
    endDate = date;
    endKeepAliveMs = keepAliveMs;
    endText = `Date: ${date}\r\n${keepAliveLines(keepAliveMs)}\r\n`;
  }
  return endText;
}

/**
 * The answer's headers with Content-Length: HEAD answers say GET's length, which the core dropped with the
 * body; an empty answer says 0. A copy when one is added: the journal holds the core's headers as they were.
 */
export function withContentLength(method: string, answer: CoreResponse): Record<string, string> {
  const { headers, body } = answer;
  return needsContentLength(method, answer) ? { ...headers, 'content-length': String(byteLength(body)) } : headers;
}

function needsContentLength(method: string, answer: CoreResponse): boolean {
  const { headers, body } = answer;
  return !answer.stream && headers['content-length'] === undefined && (method !== 'HEAD' || body !== undefined);
}

function byteLength(body: CoreResponse['body']): number {
  return body === undefined ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.length;
}

let dateSecond = -1;
let dateText = '';

/** The Date header's value, made once a second as Node does. */
function utcDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}
