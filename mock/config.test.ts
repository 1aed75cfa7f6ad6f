import { describe, expect, test } from 'vitest';
import { ConfigError, configDefaults, isLoopback, parseConfig } from './config.ts';

describe('parseConfig', () => {
  test('without arguments or environment answers the defaults, frozen', () => {
    const config = parseConfig([], {});
    expect(config).toEqual(configDefaults);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.apiKeys)).toBe(true);
  });

  test('documents the defaults the issue names', () => {
    expect(configDefaults).toMatchObject({
      port: 4010,
      host: '127.0.0.1',
      apiKeys: ['mock-api-key'],
      control: true,
      corsOrigins: ['*'],
      bodyLimitBytes: 1_048_576,
      walletTokenTtlSeconds: 300,
      nonceTtlSeconds: 300,
    });
  });

  test('reads options from the command line', () => {
    const config = parseConfig(
      [
        '--port',
        '0',
        '--host',
        '::1',
        '--api-key',
        'a, b',
        '--seed',
        '42',
        '--log-level',
        'warn',
        '--no-control',
        '--cors-origin',
        'http://a.test,http://b.test',
        '--body-limit',
        '2048',
        '--journal-size',
        '5',
      ],
      {},
    );
    expect(config).toMatchObject({
      port: 0,
      host: '::1',
      apiKeys: ['a', 'b'],
      seed: 42,
      logLevel: 'warn',
      control: false,
      corsOrigins: ['http://a.test', 'http://b.test'],
      bodyLimitBytes: 2048,
      journalSize: 5,
    });
  });

  test('reads PORT, HOST, MOCK_API_KEYS and the other variables from the environment', () => {
    const config = parseConfig([], {
      PORT: '5000',
      HOST: '0.0.0.0',
      MOCK_API_KEYS: 'k1,k2',
      MOCK_SEED: '7',
      MOCK_CONTROL_TOKEN: 'secret',
      LOG_LEVEL: 'error',
    });
    expect(config).toMatchObject({
      port: 5000,
      host: '0.0.0.0',
      apiKeys: ['k1', 'k2'],
      seed: 7,
      controlToken: 'secret',
      logLevel: 'error',
    });
  });

  test('lets the command line win over the environment', () => {
    expect(parseConfig(['--port', '6000'], { PORT: '5000' }).port).toBe(6000);
  });

  test('does not touch process.env', () => {
    const before = process.env.PORT;
    parseConfig([], { PORT: '5000' });
    expect(process.env.PORT).toBe(before);
  });

  test('reads the environment from the object given, without swapping process.env even for a moment', () => {
    const seen: boolean[] = [];
    const env = new Proxy<Record<string, string>>(
      { MOCK_SEED: '9' },
      {
        get: (target, name) => {
          seen.push(process.env === globalEnv);
          return target[name as string];
        },
      },
    );
    const globalEnv = process.env;
    expect(parseConfig([], env).seed).toBe(9);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every(Boolean)).toBe(true);
  });

  test('reads the namespace options from the command line and the environment', () => {
    expect(configDefaults).toMatchObject({ maxNamespaces: 1000, namespaceIdleSeconds: 3600, journalBytes: 33_554_432 });
    const options = ['--max-namespaces', '7', '--namespace-idle-seconds', '60', '--journal-bytes', '4096'];
    expect(parseConfig(options, {})).toMatchObject({ maxNamespaces: 7, namespaceIdleSeconds: 60, journalBytes: 4096 });
    const env = { MOCK_MAX_NAMESPACES: '8', MOCK_NAMESPACE_IDLE_SECONDS: '61', MOCK_JOURNAL_BYTES: '4097' };
    expect(parseConfig([], env)).toMatchObject({ maxNamespaces: 8, namespaceIdleSeconds: 61, journalBytes: 4097 });
    expect(() => parseConfig(['--max-namespaces', '0'], {})).toThrow(/--max-namespaces must be a whole number from 1/);
    expect(() => parseConfig([], { MOCK_NAMESPACE_IDLE_SECONDS: 'soon' })).toThrow(/MOCK_NAMESPACE_IDLE_SECONDS/);
  });

  test('reads the browser and logging options from the command line and the environment', () => {
    const config = parseConfig(
      [
        ...['--control-origin', 'https://dev.example:8443/, http://Tools.Test'],
        ...['--allowed-host', 'Mock.Test,[::2]'],
        ...['--log-format', 'json', '--print-tokens'],
      ],
      {},
    );
    expect(config).toMatchObject({
      controlOrigins: ['https://dev.example:8443', 'http://tools.test'],
      allowedHosts: ['mock.test', '[::2]'],
      logFormat: 'json',
      printTokens: true,
    });
    const env = { MOCK_CONTROL_ORIGIN: '*', MOCK_ALLOWED_HOSTS: 'a.test', MOCK_LOG_FORMAT: 'pretty' };
    const fromEnv = parseConfig([], env);
    expect(fromEnv).toMatchObject({
      controlOrigins: ['*'],
      allowedHosts: ['a.test'],
      logFormat: 'pretty',
      printTokens: false,
    });
  });

  test('reads --state-file from the command line or MOCK_STATE_FILE, and none by default', () => {
    expect(parseConfig(['--state-file', 'mock-state.json'], {}).stateFile).toBe('mock-state.json');
    expect(parseConfig([], { MOCK_STATE_FILE: '/tmp/state.json' }).stateFile).toBe('/tmp/state.json');
    expect(parseConfig([], {}).stateFile).toBeUndefined();
  });

  test('reads --rate-limit (requests per minute) from the command line or MOCK_RATE_LIMIT; off (0) by default', () => {
    expect(parseConfig(['--rate-limit', '60'], {}).rateLimitPerMinute).toBe(60);
    expect(parseConfig([], { MOCK_RATE_LIMIT: '5' }).rateLimitPerMinute).toBe(5);
    expect(parseConfig([], {}).rateLimitPerMinute).toBe(0);
  });

  test.for([
    [['--rate-limit', 'fast'], /--rate-limit must be a whole number from 0 to 1000000, not "fast"/],
    [['--rate-limit', '-1'], /--rate-limit must be a whole number/],
    [['--control-origin', 'dev.example'], /--control-origin takes origins/],
    [['--control-origin', 'http://dev.example/app'], /--control-origin takes origins/],
    [['--control-origin', 'ftp://dev.example'], /--control-origin takes origins/],
    [['--allowed-host', 'http://mock.test'], /--allowed-host takes host names/],
    [['--allowed-host', 'mock.test:4010'], /--allowed-host takes host names/],
    [['--log-format', 'xml'], /log-format/],
  ] as const)('refuses %j with a ConfigError that says what is wrong', ([argv, message]) => {
    expect(() => parseConfig([...argv], {})).toThrow(message);
  });

  test('names the variable when a value from the environment is refused', () => {
    expect(() => parseConfig([], { MOCK_LOG_FORMAT: 'xml' })).toThrow(/MOCK_LOG_FORMAT="xml".*Allowed choices/);
  });

  test.for([
    [['--port', '70000'], /--port must be a whole number from 0 to 65535/],
    [['--port', 'abc'], /--port must be a whole number/],
    [['--body-limit', '10'], /--body-limit must be a whole number from 1024/],
    [['--log-level', 'loud'], /log-level/],
    [['--api-key', ','], /--api-key needs at least one key/],
    [['--token-secret', 'short'], /at least 32 characters/],
    [['--no-such-option'], /unknown option/],
    [['stray'], /too many arguments|excess|unknown/i],
  ] as const)('refuses %j with a ConfigError that says what is wrong', ([argv, message]) => {
    expect(() => parseConfig([...argv], {})).toThrow(ConfigError);
    expect(() => parseConfig([...argv], {})).toThrow(message);
  });

  test('refuses a bad value from the environment too', () => {
    expect(() => parseConfig([], { PORT: '-1' })).toThrow(ConfigError);
  });

  test('refuses an empty HOST, which would listen on every interface', () => {
    expect(() => parseConfig([], { HOST: '' })).toThrow(/--host must not be empty/);
    expect(() => parseConfig(['--host', ' '], {})).toThrow(ConfigError);
  });
});

describe('isLoopback', () => {
  test.for([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.2', false],
  ] as const)('%s is loopback: %s', ([host, loopback]) => {
    expect(isLoopback(host)).toBe(loopback);
  });
});

describe('--store', () => {
  test('is memory unless given, and takes redis:// and rediss:// URLs from the command line or MOCK_STORE', () => {
    expect(parseConfig([], {}).store).toEqual({ kind: 'memory' });
    expect(parseConfig(['--store', 'redis://127.0.0.1:6379'], {}).store).toEqual({
      kind: 'redis',
      url: 'redis://127.0.0.1:6379',
    });
    expect(parseConfig([], { MOCK_STORE: 'rediss://user:secret@redis.test:6380/2' }).store).toEqual({
      kind: 'redis',
      url: 'rediss://user:secret@redis.test:6380/2',
    });
    expect(parseConfig(['--store', 'memory'], { MOCK_STORE: 'redis://a.test' }).store).toEqual({ kind: 'memory' });
  });

  test.each([
    ['http://redis.test:6379', 'the scheme is http'],
    ['redis://redis.test:6379/zero', 'no database number'],
    ['redis://redis.test:6379/0?timeout=1', 'query'],
    ['localhost:6379', 'the scheme is localhost'],
    ['not a url', 'redis://[user:pass@]host:port/db'],
  ])('refuses %s, saying what it takes', (value, why) => {
    expect(() => parseConfig(['--store', value], {})).toThrow(ConfigError);
    expect(() => parseConfig(['--store', value], {})).toThrow(why);
    expect(() => parseConfig(['--store', value], {})).toThrow('--store takes memory or redis://');
  });

  test('refuses --state-file with a Redis store, whose worlds live in Redis already', () => {
    expect(() => parseConfig(['--store', 'redis://127.0.0.1', '--state-file', 'state.json'], {})).toThrow(
      '--state-file keeps the worlds',
    );
  });
});
