import path from 'node:path';
import { freePort, type StartOptions } from '../../contracts/runner/processes.ts';
import { mockBundle } from '../mock-bundle.ts';
import { mockNodeOptions } from '../mock-node-options.ts';

/**
 * The servers under test; `--only` filters by group (prism covers both Prism settings); `mock-redis`
 * runs only with `--store redis`.
 */
export const serverNames = ['bare', 'mock', 'mock-redis', 'prism', 'prism-silent'] as const;
export type ServerName = (typeof serverNames)[number];
/** The groups `--only` chooses from. */
export const serverGroups = ['bare', 'mock', 'prism'] as const;
export type ServerGroup = (typeof serverGroups)[number] | 'redis';

export interface ServerKind {
  name: ServerName;
  group: ServerGroup;
  description: string;
  /** Prism serves the spec's paths without the server URL's /v1; the others under /v1. */
  apiPrefix: string;
}

export const serverKinds: Record<ServerName, ServerKind> = {
  bare: { name: 'bare', group: 'bare', description: 'bare node:http, fixed JSON body', apiPrefix: '/v1' },
  mock: {
    name: 'mock',
    group: 'mock',
    description: 'our mock, bundled as npm start runs it (dist/mock.mjs)',
    apiPrefix: '/v1',
  },
  'mock-redis': {
    name: 'mock-redis',
    group: 'redis',
    description: 'our mock, bundled, with --store redis:// on a redis-server the benchmark starts',
    apiPrefix: '/v1',
  },
  prism: { name: 'prism', group: 'prism', description: 'Prism 5.14.2 static mock, default logging', apiPrefix: '' },
  'prism-silent': {
    name: 'prism-silent',
    group: 'prism',
    description: 'Prism 5.14.2 static mock, -v silent',
    apiPrefix: '',
  },
};

export interface CommandSettings {
  logDir: string;
  label: string;
  mockLogLevel: string;
  bareBodyBytes: number;
  /** The redis-server of `--store redis` (needed by mock-redis). */
  redisUrl?: string;
}

const node = process.execPath;
const url = /listening on (http:\/\/\S+)/;
// Output goes to a file, so that logging costs the harness nothing.
const env = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'production' };

/** How to start a server on a loopback port; startProcess() times spawn to the first answer of probePath. */
export async function serverCommand(name: ServerName, settings: CommandSettings): Promise<StartOptions> {
  const logFile = path.join(settings.logDir, `${name}-${settings.label}.log`);
  const probePath = `${serverKinds[name].apiPrefix}/session/current`;
  switch (name) {
    case 'bare':
      return {
        name,
        logFile,
        env,
        probePath,
        url,
        timeoutMs: 15_000,
        command: node,
        args: [
          '--import',
          'tsx',
          'scripts/bench/bare-server.ts',
          '--port',
          '0',
          '--body-bytes',
          String(settings.bareBodyBytes),
        ],
      };
    case 'mock':
    case 'mock-redis': {
      const store: string[] = [];
      if (name === 'mock-redis') {
        if (settings.redisUrl === undefined) throw new Error('mock-redis needs the URL of a redis-server.');
        store.push('--store', settings.redisUrl);
      }
      return {
        name,
        logFile,
        env,
        probePath,
        url,
        timeoutMs: 30_000,
        command: node,
        // As `npm start` runs it: bundled (scripts/build-mock.ts), not compiled by tsx at each start.
        args: [...mockNodeOptions, await mockBundle(), '--port', '0', '--log-level', settings.mockLogLevel, ...store],
      };
    }
    case 'prism':
    case 'prism-silent': {
      const port = await freePort();
      return {
        name,
        logFile,
        env,
        probePath,
        timeoutMs: 30_000,
        url: `http://127.0.0.1:${port}`,
        command: node,
        args: [
          'node_modules/@stoplight/prism-cli/dist/index.js',
          'mock',
          'spec/session-api.yaml',
          '-p',
          String(port),
          '-h',
          '127.0.0.1',
          ...(name === 'prism-silent' ? ['-v', 'silent'] : []),
        ],
      };
    }
  }
}
