/**
 * Several mock processes (mock/main.ts) on one Redis, and a small round-robin HTTP
 * proxy in front of them: for the tests that claim that N replicas behave as one
 * mock (issue 15). Each replica is a real process, started and stopped through
 * contracts/runner/processes.ts; the proxy sends each request (not each connection)
 * to the next replica in turn, the control plane's as well.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { spawnProcess, type Spawned } from '../../contracts/runner/processes.ts';

const main = fileURLToPath(new URL('../main.ts', import.meta.url));

export interface Replica {
  readonly process: Spawned;
  /** http://127.0.0.1:<port> */
  readonly origin: string;
}

/** The environment without the mock's own variables, so that only the arguments configure it. */
function cleanEnvironment(): NodeJS.ProcessEnv {
  const environment = { ...process.env };
  for (const name of ['PORT', 'HOST', 'MOCK_API_KEYS', 'MOCK_CONTROL_TOKEN', 'MOCK_TOKEN_SECRET', 'MOCK_STORE']) {
    delete environment[name];
  }
  return environment;
}

/** A mock process (mock/main.ts on a free port, `--log-level warn`) configured by `args` alone. */
export function spawnMock(args: readonly string[]): Spawned {
  return spawnProcess({
    name: 'mock/main.ts',
    command: process.execPath,
    args: ['--import', 'tsx', main, '--port', '0', '--log-level', 'warn', ...args],
    env: cleanEnvironment(),
  });
}

/** Starts one mock process on `storeUrl` and waits until it prints where it listens. */
export async function startReplica(storeUrl: string, args: readonly string[] = []): Promise<Replica> {
  const spawned = spawnMock(['--store', storeUrl, ...args]);
  try {
    const origin = (await spawned.waitForOutput(/listening on (http:\/\/\S+)/, 45_000))[1]!;
    return { process: spawned, origin };
  } catch (error) {
    await spawned.stop();
    throw error;
  }
}

/** Starts `count` replicas at once on one store. */
export async function startReplicas(count: number, storeUrl: string, args: readonly string[] = []) {
  const started = await Promise.allSettled(Array.from({ length: count }, () => startReplica(storeUrl, args)));
  const replicas = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await Promise.all(replicas.map((replica) => replica.process.stop()));
    throw failed.reason;
  }
  return replicas;
}

export interface RoundRobinProxy {
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  /** Requests sent to each upstream, in the order given. */
  readonly forwarded: readonly number[];
  close(): Promise<void>;
}

/**
 * A proxy that sends request i to `upstreams[i % n]`, body and headers as they came (Host too: the
 * control plane checks it), and streams the answer back. An upstream that fails answers 502.
 */
export async function startRoundRobinProxy(upstreams: readonly string[]): Promise<RoundRobinProxy> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const forwarded = upstreams.map(() => 0);
  let next = 0;
  const server = http.createServer((incoming, outgoing) => {
    const index = next++ % upstreams.length;
    forwarded[index]!++;
    const target = new URL(incoming.url ?? '/', upstreams[index]);
    const upstream = http.request(target, { method: incoming.method, headers: incoming.headers, agent }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
      answer.pipe(outgoing);
    });
    upstream.on('error', (error) => {
      if (outgoing.headersSent) {
        outgoing.destroy();
        return;
      }
      outgoing.writeHead(502, { 'content-type': 'text/plain' }).end(`upstream ${target.origin}: ${error.message}`);
    });
    incoming.pipe(upstream);
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    forwarded,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
