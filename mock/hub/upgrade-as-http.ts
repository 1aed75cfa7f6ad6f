/**
 * Serves a request that offers an Upgrade the mock does not take (h2c from
 * `curl --http2`, a WebSocket anywhere but the hub) as a plain HTTP request,
 * with the answer it would get without the Upgrade header.
 *
 * Node 20 hands every request with `Connection: upgrade` and `Upgrade` to the
 * server's 'upgrade' listeners once there is one, and no longer parses that
 * connection. So the request's head is written again without the upgrade, in
 * front of the bytes that followed it (a body, a next request), and the socket is
 * handed back to the HTTP server as a new connection, which parses it afresh.
 * One difference remains: a client that half-closes its socket right after such a
 * request (curl does not) may lose the answer, as Node then sees the end at once.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

export function serveUpgradeAsHttp(server: Server, request: IncomingMessage, socket: Duplex, head: Buffer): void {
  if (socket.destroyed) return;
  const lines = [`${request.method} ${request.url} HTTP/${request.httpVersion}`];
  const raw = request.rawHeaders;
  for (let at = 0; at + 1 < raw.length; at += 2) {
    const name = raw[at]!;
    const value = raw[at + 1]!;
    const lower = name.toLowerCase();
    if (lower === 'upgrade') continue;
    if (lower === 'connection') {
      const rest = value
        .split(',')
        .map((option) => option.trim())
        .filter((option) => option !== '' && option.toLowerCase() !== 'upgrade');
      if (rest.length > 0) lines.push(`${name}: ${rest.join(', ')}`);
      continue;
    }
    lines.push(`${name}: ${value}`);
  }
  // Node reads header bytes as latin1; written back the same way, they are the bytes that came.
  socket.unshift(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), head]));
  server.emit('connection', socket);
}
