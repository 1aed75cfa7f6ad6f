/**
 * The mock's configuration: parsed and validated once at start from the command
 * line and the environment (the defaults are in mock/config-defaults.ts), then frozen.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { wholeNumber as integer } from './whole-number-option.ts';
import { configDefaults } from './config-defaults.ts';
import {
  logFormats,
  logLevels,
  type LogFormat,
  type LogLevel,
  type MockConfig,
  type StoreConfig,
} from './config-shape.ts';

export { configDefaults, type LogFormat, type LogLevel, type MockConfig };

/** What the parsers of the options below make of them, under commander's attribute names. */
interface ParsedOptions {
  port: number;
  host: string;
  apiKey: string[];
  seed: number | undefined;
  logLevel: LogLevel;
  logFormat: LogFormat;
  control: boolean;
  controlToken: string | undefined;
  corsOrigin: string[];
  controlOrigin: string[];
  allowedHost: string[];
  bodyLimit: number;
  tokenSecret: string | undefined;
  maxSessions: number;
  maxNonces: number;
  journalSize: number;
  journalBytes: number;
  maxNamespaces: number;
  namespaceIdleSeconds: number;
  walletTokenTtl: number;
  nonceTtl: number;
  requestTimeout: number;
  rateLimit: number;
  scenario: string | undefined;
  printTokens: boolean | undefined;
  stateFile: string | undefined;
  store: StoreConfig;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const list = (value: string): string[] =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

/** `--control-origin`: `*` or origins such as http://dev.example:8080, each normalised to its origin. */
function originList(value: string): string[] {
  return list(value).map((item) => {
    if (item === '*') return item;
    let url: URL | undefined;
    try {
      url = new URL(item);
    } catch {
      url = undefined;
    }
    // Nothing after the authority but an optional '/': no path, query, fragment or credentials.
    const bare = url !== undefined && url.username === '' && /^[a-z]+:\/\/[^/?#]+\/?$/i.test(item);
    if (!url || !/^https?:$/.test(url.protocol) || !bare) {
      throw new InvalidArgumentError(
        `--control-origin takes origins such as http://dev.example:8080 (scheme, host, port; no path), not "${item}".`,
      );
    }
    return url.origin;
  });
}

/** `--allowed-host`: bare host names (no scheme, no port), lower case. */
function hostList(value: string): string[] {
  return list(value).map((item) => {
    if (!/^([a-z0-9-]+(\.[a-z0-9-]+)*\.?|\[[0-9a-f:.]+\])$/i.test(item)) {
      throw new InvalidArgumentError(
        `--allowed-host takes host names such as mock.test (no scheme, no port), not "${item}".`,
      );
    }
    return item.toLowerCase();
  });
}

/** `--store`: `memory`, or a Redis URL: redis[s]://[user:pass@]host[:port][/db]. */
export function storeOption(value: string): StoreConfig {
  if (value === 'memory') return { kind: 'memory' };
  const hint = '--store takes memory or redis://[user:pass@]host:port/db (rediss:// for TLS)';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError(`${hint}, not "${value}".`);
  }
  const problem = !/^rediss?:$/.test(url.protocol)
    ? `the scheme is ${url.protocol.replace(/:$/, '')}`
    : url.hostname === ''
      ? 'it names no host'
      : !/^(\/\d{0,5})?$/.test(url.pathname)
        ? `the path ${url.pathname} is no database number`
        : url.search !== '' || url.hash !== ''
          ? 'it has a query or fragment'
          : undefined;
  if (problem !== undefined) throw new InvalidArgumentError(`${hint}, not "${value}": ${problem}.`);
  return { kind: 'redis', url: value };
}

export function buildCommand(): Command {
  const d = configDefaults;
  return new Command('session-api-mock')
    .description(
      'Stateful mock of the Session API (spec/session-api.yaml), served under /v1, with a control plane under /__mock.',
    )
    .addOption(
      new Option('--port <port>', 'port to listen on (0: any free port)')
        .env('PORT')
        .default(d.port)
        .argParser(integer('--port', 0, 65535)),
    )
    .addOption(
      new Option('--host <host>', 'address to listen on; beyond loopback the control plane needs --control-token')
        .env('HOST')
        .default(d.host),
    )
    .addOption(
      new Option('--api-key <keys>', 'accepted X-API-KEY values, comma-separated (replace the default)')
        .env('MOCK_API_KEYS')
        .default([...d.apiKeys], d.apiKeys.join(','))
        .argParser(list),
    )
    .addOption(
      new Option('--seed <n>', 'seed for generated ids and names, for reproducible runs (default: a random seed)')
        .env('MOCK_SEED')
        .argParser(integer('--seed', 0, 2 ** 31 - 1)),
    )
    .addOption(new Option('--log-level <level>', 'log level').env('LOG_LEVEL').choices(logLevels).default(d.logLevel))
    .addOption(
      new Option('--log-format <format>', 'request log lines: pretty, json, or auto (pretty on a terminal, else JSON)')
        .env('MOCK_LOG_FORMAT')
        .choices(logFormats)
        .default(d.logFormat),
    )
    .option('--no-control', 'serve no control plane under /__mock (default: served)')
    .addOption(
      new Option(
        '--control-token <token>',
        'bearer token the control plane requires (needed beyond loopback) (default: none)',
      ).env('MOCK_CONTROL_TOKEN'),
    )
    .addOption(
      new Option('--cors-origin <origins>', 'origins allowed by CORS on the API (/v1), comma-separated, or * for any')
        .env('MOCK_CORS_ORIGIN')
        .default([...d.corsOrigins], d.corsOrigins.join(','))
        .argParser(list),
    )
    .addOption(
      new Option(
        '--control-origin <origins>',
        'more origins whose pages may use the control plane, comma-separated, or * for any ' +
          '(loopback pages and /docs always may)',
      )
        .env('MOCK_CONTROL_ORIGIN')
        .default([...d.controlOrigins], 'none')
        .argParser(originList),
    )
    .addOption(
      new Option(
        '--allowed-host <names>',
        'Host names accepted besides localhost, 127.0.0.1 and [::1] while listening on loopback, comma-separated',
      )
        .env('MOCK_ALLOWED_HOSTS')
        .default([...d.allowedHosts], 'none')
        .argParser(hostList),
    )
    .addOption(
      new Option('--body-limit <bytes>', 'largest request body accepted (413 beyond)')
        .env('MOCK_BODY_LIMIT')
        .default(d.bodyLimitBytes)
        .argParser(integer('--body-limit', 1024, 100 * 1024 * 1024)),
    )
    .addOption(
      new Option('--token-secret <secret>', 'HS256 secret for tokens (default: random per process)').env(
        'MOCK_TOKEN_SECRET',
      ),
    )
    .addOption(
      new Option('--max-sessions <n>', 'most sessions held at once (503 with Retry-After beyond)')
        .env('MOCK_MAX_SESSIONS')
        .default(d.maxSessions)
        .argParser(integer('--max-sessions', 1, 10_000_000)),
    )
    .addOption(
      new Option('--max-nonces <n>', 'most wallet-proof nonces pending at once (beyond, the oldest one is dropped)')
        .env('MOCK_MAX_NONCES')
        .default(d.maxNonces)
        .argParser(integer('--max-nonces', 1, 10_000_000)),
    )
    .addOption(
      new Option('--journal-size <n>', 'requests kept for GET /__mock/requests')
        .env('MOCK_JOURNAL_SIZE')
        .default(d.journalSize)
        .argParser(integer('--journal-size', 0, 1_000_000)),
    )
    .addOption(
      new Option(
        '--journal-bytes <bytes>',
        'bytes the journals of all namespaces keep together (oldest dropped beyond)',
      )
        .env('MOCK_JOURNAL_BYTES')
        .default(d.journalBytes)
        .argParser(integer('--journal-bytes', 0, 2 ** 32)),
    )
    .addOption(
      new Option('--max-namespaces <n>', 'most namespaces (X-Mock-Namespace) held besides default (503 beyond)')
        .env('MOCK_MAX_NAMESPACES')
        .default(d.maxNamespaces)
        .argParser(integer('--max-namespaces', 1, 1_000_000)),
    )
    .addOption(
      new Option('--namespace-idle-seconds <s>', 'real seconds without a request after which a namespace is dropped')
        .env('MOCK_NAMESPACE_IDLE_SECONDS')
        .default(d.namespaceIdleSeconds)
        .argParser(integer('--namespace-idle-seconds', 1, 31_536_000)),
    )
    .addOption(
      new Option('--wallet-token-ttl <seconds>', 'lifetime of wallet tokens')
        .env('MOCK_WALLET_TOKEN_TTL')
        .default(d.walletTokenTtlSeconds)
        .argParser(integer('--wallet-token-ttl', 1, 31_536_000)),
    )
    .addOption(
      new Option('--nonce-ttl <seconds>', 'lifetime of wallet-proof nonces')
        .env('MOCK_NONCE_TTL')
        .default(d.nonceTtlSeconds)
        .argParser(integer('--nonce-ttl', 1, 86_400)),
    )
    .addOption(
      new Option('--request-timeout <ms>', 'time a client has to send a whole request')
        .env('MOCK_REQUEST_TIMEOUT')
        .default(d.requestTimeoutMs)
        .argParser(integer('--request-timeout', 1000, 600_000)),
    )
    .addOption(
      new Option(
        '--rate-limit <n>',
        'API requests per minute each wallet (with a wallet token) or else each client address may make; ' +
          '429 with Retry-After beyond (0: no limit)',
      )
        .env('MOCK_RATE_LIMIT')
        .default(d.rateLimitPerMinute)
        .argParser(integer('--rate-limit', 0, 1_000_000)),
    )
    .addOption(
      new Option(
        '--scenario <file>',
        'preload sessions, members and tokens from a YAML or JSON file, or a shipped scenario by name ' +
          '(mock/scenarios/) (default: none)',
      ).env('MOCK_SCENARIO'),
    )
    .addOption(
      new Option(
        '--state-file <path>',
        'keep every world in this JSON file: loaded at start, saved on changes and at shutdown (default: none)',
      ).env('MOCK_STATE_FILE'),
    )
    .addOption(
      new Option(
        '--store <url>',
        'where every world is kept: memory, or Redis that replicas share: redis://[user:pass@]host:port/db ' +
          '(rediss:// for TLS)',
      )
        .env('MOCK_STORE')
        .default(d.store, 'memory')
        .argParser(storeOption),
    )
    .option('--print-tokens', 'print every token of the --scenario at start (default: only where to read them)')
    .showHelpAfterError('(run with --help for every option)')
    .allowExcessArguments(false);
}

/** Parses argv (without node and the script) and env into a frozen config; throws ConfigError. */
export function parseConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): MockConfig {
  const command = buildCommand().exitOverride();
  command.configureOutput({ writeErr: () => {}, writeOut: () => {} });
  // commander would read variables from the global process.env; they are read from `env` below instead.
  const envVars = new Map(
    command.options.flatMap((option) => (option.envVar === undefined ? [] : [[option, option.envVar] as const])),
  );
  for (const option of envVars.keys()) option.envVar = undefined;
  try {
    command.parse([...argv], { from: 'user' });
  } catch (error) {
    throw new ConfigError((error as Error).message.replace(/^error: /, ''));
  }
  // The command line wins over the environment.
  for (const [option, name] of envVars) {
    const value = env[name];
    const key = option.attributeName();
    if (value === undefined || command.getOptionValueSource(key) === 'cli') continue;
    try {
      const previous: unknown = command.getOptionValue(key);
      const parsed = option.parseArg ? option.parseArg(value, previous) : value;
      command.setOptionValueWithSource(key, parsed, 'env');
    } catch (error) {
      throw new ConfigError(`${name}=${JSON.stringify(value)}: ${(error as Error).message}`);
    }
  }
  const o = command.opts<ParsedOptions>();
  const config: MockConfig = {
    ...configDefaults,
    port: o.port,
    host: o.host,
    apiKeys: Object.freeze([...o.apiKey]),
    seed: o.seed,
    logLevel: o.logLevel,
    logFormat: o.logFormat,
    control: o.control,
    controlToken: o.controlToken,
    corsOrigins: Object.freeze([...o.corsOrigin]),
    controlOrigins: Object.freeze([...o.controlOrigin]),
    allowedHosts: Object.freeze([...o.allowedHost]),
    bodyLimitBytes: o.bodyLimit,
    tokenSecret: o.tokenSecret,
    maxSessions: o.maxSessions,
    maxNonces: o.maxNonces,
    journalSize: o.journalSize,
    journalBytes: o.journalBytes,
    maxNamespaces: o.maxNamespaces,
    namespaceIdleSeconds: o.namespaceIdleSeconds,
    walletTokenTtlSeconds: o.walletTokenTtl,
    nonceTtlSeconds: o.nonceTtl,
    requestTimeoutMs: o.requestTimeout,
    rateLimitPerMinute: o.rateLimit,
    scenario: o.scenario,
    printTokens: o.printTokens === true,
    stateFile: o.stateFile,
    store: Object.freeze(o.store),
  };
  if (config.apiKeys.length === 0) throw new ConfigError('--api-key needs at least one key.');
  // An empty HOST would make Node listen on every interface.
  if (config.host.trim() === '')
    throw new ConfigError('--host must not be empty; use 127.0.0.1 (the default) or an address to listen on.');
  if (config.tokenSecret !== undefined && config.tokenSecret.length < 32) {
    throw new ConfigError('--token-secret must be at least 32 characters (HS256 needs a 256-bit secret).');
  }
  if (config.store.kind === 'redis' && config.stateFile !== undefined) {
    throw new ConfigError(
      '--state-file keeps the worlds of a mock that holds them in memory; with --store redis:// they live in ' +
        'Redis already: pass one of the two.',
    );
  }
  return Object.freeze(config);
}

export { isLoopback } from './core/local-access.ts';
