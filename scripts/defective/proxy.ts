/**
 * A small HTTP proxy in front of a Session API server that applies one defect
 * (modes.ts). Binds 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { request as undiciRequest } from 'undici';
import { defects, type Answer, type DefectMode, type Exchange } from './modes.ts';

export interface DefectiveProxy {
  origin: string;
  close(): Promise<void>;
}

const hopByHop = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'host',
  'content-length',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
]);

async function readBody(incoming: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startDefectiveProxy(options: {
  upstream: string;
  mode: DefectMode;
  port?: number;
}): Promise<DefectiveProxy> {
  const defect = defects[options.mode] as (typeof defects)[DefectMode] & {
    request?: (request: Exchange, state: Map<string, unknown>) => Exchange | Answer;
    response?: (request: Exchange, answer: Answer, state: Map<string, unknown>) => Answer;
  };
  if (!defect) throw new Error(`Unknown mode "${options.mode}"; known: ${Object.keys(defects).join(', ')}`);
  const upstream = new URL(options.upstream);
  const state = new Map<string, unknown>();
  const server: Server = createServer((incoming, outgoing) => {
    void (async () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (value !== undefined && !hopByHop.has(name)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      let exchange: Exchange = {
        method: incoming.method ?? 'GET',
        path: incoming.url ?? '/',
        headers,
        body: await readBody(incoming),
      };
      let answer: Answer;
      const rewritten = defect.request ? defect.request(exchange, state) : exchange;
      if ('status' in rewritten) {
        answer = rewritten;
      } else {
        exchange = rewritten;
        const response = await undiciRequest(new URL(exchange.path, upstream), {
          method: exchange.method as 'GET',
          headers: exchange.headers,
          body: exchange.body.length > 0 || !['GET', 'HEAD'].includes(exchange.method) ? exchange.body : undefined,
        });
        const answerHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined && !hopByHop.has(name))
            answerHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        answer = {
          status: response.statusCode,
          headers: answerHeaders,
          body: Buffer.from(await response.body.arrayBuffer()),
        };
        if (defect.response) answer = defect.response(exchange, answer, state);
      }
      const { 'content-length': _length, ...answerHeaders } = answer.headers;
      outgoing.writeHead(answer.status, { ...answerHeaders, 'content-length': String(answer.body.length) });
      outgoing.end(answer.body);
    })().catch((error: unknown) => {
      outgoing.writeHead(502, { 'content-type': 'text/plain' });
      outgoing.end(`defective proxy: ${(error as Error).message}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('the proxy has no address');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
