// The baseline: the least a node:http server can do for these requests. Every
// request gets the same JSON body (padded to the size of the mock's GET
// current answer); a POST body is read and parsed first, as the mock must.
// Run as a process: node --import tsx scripts/bench/bare-server.ts --port 0 --body-bytes 512
import http from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'body-bytes': { type: 'string', default: '512' },
  },
});

function fixedBody(bytes: number): Buffer {
  const skeleton = JSON.stringify({ id: 'bare-node-http', pad: '' });
  return Buffer.from(JSON.stringify({ id: 'bare-node-http', pad: 'x'.repeat(Math.max(0, bytes - skeleton.length)) }));
}

const body = fixedBody(Number(values['body-bytes']));
const headers = { 'content-type': 'application/json', 'content-length': String(body.length) };

function answer(response: http.ServerResponse, status: number): void {
  response.writeHead(status, headers);
  response.end(body);
}

const server = http.createServer((request, response) => {
  if (request.method === 'GET' || request.method === 'HEAD') {
    answer(response, 200);
    return;
  }
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    try {
      JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
      answer(response, 200);
    } catch {
      answer(response, 400);
    }
  });
});

server.listen(Number(values.port), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(`Bare node:http server listening on http://127.0.0.1:${port} (body ${body.length} bytes)`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}
