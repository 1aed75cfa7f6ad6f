/**
 * `npm run contracts -- --base-url http://host:port/v1 [options]`: checks a
 * Session API server against the contract suite and writes the reports.
 * `--start-mock` starts the mock itself; `--prism` runs the suite once more
 * through Prism's validation proxy. See contracts/README.md.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { fetch } from 'undici';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createSessionClient } from '../contracts/client/index.ts';
import { freePort, startProcess, stopAll, type Started } from '../contracts/runner/processes.ts';
import { repoRoot as root } from '../contracts/runner/repo-root.ts';
import { consoleSummary, markdownReport, passed } from '../contracts/runner/report.ts';
import { runSuite, type Level, type SuiteOutcome } from '../contracts/runner/run-suite.ts';
import { namespaceHeader, namespaceProblem, randomRunNamespace } from '../contracts/suite/namespace.ts';
import { packageVersion } from '../mock/version.ts';
import { contractsCommand } from './contracts-command.ts';
import { startMock } from './mock-process.ts';
import { PrismMissingError, prismCommand } from './prism-command.ts';

class UsageError extends Error {}

/**
 * Whether the mock that --start-mock runs keeps one world per X-Mock-Namespace (it does: each file's
 * clock, sessions and faults are its own), so --file-parallelism defaults to on for that mock.
 * Measured before and after in contracts/README.md.
 */
const startedMockIsolatesWorlds = true;

/** Where --msw puts the handlers unless --base-url says otherwise: a name no DNS answers, so nothing leaks out. */
const mswBaseUrl = 'http://session-api.msw.test/v1';

function namespace(value: string): string {
  const problem = namespaceProblem(value);
  if (problem) throw new InvalidArgumentError(problem);
  return value;
}

function positiveNumber(name: string) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isFinite(number) || number <= 0)
      throw new InvalidArgumentError(`${name} must be a number > 0, not "${value}".`);
    return number;
  };
}

function absoluteUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    return url.href.replace(/\/+$/, '');
  } catch {
    throw new InvalidArgumentError(`"${value}" is not an http(s) URL such as http://127.0.0.1:4010/v1.`);
  }
}

const program = new Command()
  .name(contractsCommand)
  .description('Check a Session API server against the contract suite (contracts/README.md).')
  .version(packageVersion, '-V, --version', 'print the version and exit')
  .addOption(
    new Option('--base-url <url>', "the API's base URL, with its base path, e.g. http://127.0.0.1:4010/v1")
      .env('CONTRACT_BASE_URL')
      .argParser(absoluteUrl),
  )
  .addOption(
    new Option('--api-key <key>', 'the X-API-KEY to create sessions with')
      .env('CONTRACT_API_KEY')
      .default('mock-api-key'),
  )
  .addOption(
    new Option(
      '--level <level>',
      'core: what the real API publishes (docs/rules.md §2 to §5); strict: also what this project settled (§6 to §18)',
    )
      .choices(['core', 'strict'])
      .env('CONTRACT_LEVEL')
      .default('strict'),
  )
  .addOption(
    new Option('--report <dir>', 'write junit.xml and conformance.md (and *-prism.* for the proxied run) here'),
  )
  .addOption(
    new Option(
      '--rate <n>',
      'at most n requests per second (a 429 is waited out per Retry-After unless --no-wait-on-429)',
    )
      .env('CONTRACT_RATE')
      .argParser(positiveNumber('--rate')),
  )
  .addOption(
    new Option(
      '--no-wait-on-429',
      'answer a 429 to the check that provoked it instead of waiting Retry-After and sending the request again',
    ),
  )
  .addOption(
    new Option('--timeout <ms>', 'per-request timeout in milliseconds')
      .default(10_000)
      .argParser(positiveNumber('--timeout')),
  )
  .addOption(
    new Option('--model-runs <n>', 'random command sequences of the model-based lifecycle check').argParser(
      positiveNumber('--model-runs'),
    ),
  )
  .addOption(
    new Option(
      '--no-control-plane',
      "never use the mock's control plane (on a mock without namespaces its one clock moves forward during the run; " +
        'use this on such a mock others share)',
    ),
  )
  .addOption(
    new Option(
      '--namespace <name>',
      `the mock's world to act in (sent as ${namespaceHeader}); each test file gets <name>.<file>. ` +
        'Default: a fresh one',
    )
      .env('CONTRACT_NAMESPACE')
      .argParser(namespace),
  )
  .addOption(
    new Option(
      '--file-parallelism <on|off>',
      'run test files side by side, each in its own world; default on for a started mock that isolates worlds',
    )
      .choices(['on', 'off'])
      .env('CONTRACT_FILE_PARALLELISM'),
  )
  .addOption(
    new Option(
      '--start-mock',
      'start the mock (mock/main.ts) on a free port and check it; --base-url is then not needed',
    ),
  )
  .addOption(
    new Option(
      '--msw',
      "check the mock's MSW handlers (mock/msw) in the suite's own process, at --base-url or " +
        `${mswBaseUrl}; no server runs, and every check applies (none needs a socket)`,
    ).conflicts(['startMock', 'prism']),
  )
  .addOption(
    new Option(
      '--prism',
      "run the suite a second time through Prism's validation proxy (checks tagged direct-only are left out there)",
    ),
  )
  .addOption(new Option('--quiet', 'print only the summary, not each check'))
  // A usage error exits 2, like an unreachable server; --help exits 0.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
  .addHelpText(
    'after',
    `
Examples:
  ${contractsCommand} --base-url http://127.0.0.1:4010/v1 --report reports/contracts
  ${contractsCommand} --base-url https://api.example.com/v1 --api-key $KEY --level core --rate 5
  ${contractsCommand} --start-mock --prism   (starts the mock, runs direct and through Prism)
  ${contractsCommand} --msw     (the MSW handlers in process, no server)

Exit status: 0 when every selected check passed, 1 when a check failed, 2 for a usage error or an unreachable server.`,
  );

interface Options {
  baseUrl?: string;
  apiKey: string;
  level: Level;
  report?: string;
  rate?: number;
  waitOn429: boolean;
  timeout: number;
  modelRuns?: number;
  startMock?: boolean;
  msw?: boolean;
  prism?: boolean;
  quiet?: boolean;
  controlPlane: boolean;
  namespace?: string;
  fileParallelism?: 'on' | 'off';
}

/** Says plainly when the server cannot be reached or the base URL is wrong. */
async function preflight(baseUrl: string, timeoutMs: number, world: Record<string, string>): Promise<void> {
  const url = `${baseUrl}/wallet-proof/nonce`;
  let status: number;
  try {
    const response = await fetch(url, { headers: world, signal: AbortSignal.timeout(timeoutMs) });
    status = response.status;
    await response.body?.cancel();
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const code = cause?.code ?? (error as Error).name;
    const why =
      code === 'ECONNREFUSED'
        ? 'connection refused (nothing listens there)'
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? 'the host name does not resolve'
          : code === 'TimeoutError'
            ? `no answer within ${timeoutMs} ms`
            : (cause?.message ?? code);
    throw new UsageError(`Cannot reach the server at ${baseUrl}: ${why}. Is it running, and is --base-url right?`);
  }
  if (status === 404) {
    throw new UsageError(
      `GET ${url} answered 404: the server is up, but is the base path right? The base URL includes it, e.g. http://host:port/v1.`,
    );
  }
  // One wallet proof before the checks: it warms a freshly started server up (its first
  // signature check is slow) and says early when the proof itself does not work.
  const client = createSessionClient({ baseUrl, timeoutMs: Math.max(timeoutMs, 30_000), headers: world });
  const proof = await client.proveWallet(privateKeyToAccount(generatePrivateKey()));
  if (!proof.token)
    console.warn(
      `Warning: a wallet proof against ${baseUrl} answered ${proof.response.status}; every check that ` +
        `needs a wallet token will fail.`,
    );
}

async function startPrism(upstream: string): Promise<{ started: Started; origin: string }> {
  const prism = prismCommand();
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const started = await startProcess({
    name: 'Prism',
    command: prism.command,
    args: [
      ...prism.args,
      'proxy',
      join(root, 'spec/session-api.yaml'),
      upstream,
      '--errors',
      '-p',
      String(port),
      '-h',
      '127.0.0.1',
      '-v',
      'silent',
    ],
    url: `${origin}/wallet-proof/nonce`,
    timeoutMs: 60_000,
  });
  return { started, origin };
}

function writeReports(outcome: SuiteOutcome, dir: string | undefined, suffix: string, title: string): void {
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `conformance${suffix}.md`);
  writeFileSync(file, markdownReport(outcome, title));
  const results = join(dir, `results${suffix}.json`);
  writeFileSync(
    results,
    `${JSON.stringify(
      {
        passed: passed(outcome),
        baseUrl: outcome.settings.baseUrl,
        level: outcome.settings.level,
        viaProxy: outcome.settings.viaProxy,
        durationMs: Math.round(outcome.durationMs),
        errors: outcome.errors,
        checks: outcome.checks.map(({ exchanges: _exchanges, ...check }) => check),
      },
      null,
      2,
    )}\n`,
  );
  console.log(`   report: ${file}, ${results}, ${join(dir, `junit${suffix}.xml`)}`);
}

async function main(): Promise<number> {
  program.parse();
  const options = program.opts<Options>();
  const report = options.report ? resolve(options.report) : undefined;
  // Before anything starts: a missing Prism is a usage error, not a failure after the first pass.
  if (options.prism) prismCommand();
  let baseUrl = options.baseUrl;
  if (options.startMock) {
    const mock = await startMock();
    baseUrl = `${mock.origin}/v1`;
    console.log(`Started the mock at ${mock.origin}`);
  }
  if (options.msw) baseUrl ??= mswBaseUrl;
  if (!baseUrl)
    throw new UsageError(
      'Give the server to check: --base-url http://host:port/v1 (or CONTRACT_BASE_URL), or --start-mock.',
    );
  const runNamespace = options.namespace ?? randomRunNamespace();
  // Under --msw nothing listens at the base URL: the handlers answer inside the suite's workers.
  if (!options.msw) await preflight(baseUrl, options.timeout, { [namespaceHeader]: runNamespace });
  const parallelByDefault = (options.startMock === true || options.msw === true) && startedMockIsolatesWorlds;
  const parallel = options.fileParallelism === undefined ? parallelByDefault : options.fileParallelism === 'on';
  const fileWorkers = parallel ? Math.max(2, availableParallelism()) : 1;
  console.log(
    `Namespace ${runNamespace} (each test file in ${runNamespace}.<file>); ` +
      (parallel ? `test files side by side, ${fileWorkers} at a time` : 'test files one after another'),
  );

  const common = {
    apiKey: options.apiKey,
    level: options.level,
    rate: options.rate,
    waitOn429: options.waitOn429,
    timeoutMs: options.timeout,
    verbose: !options.quiet,
    namespace: runNamespace,
    fileWorkers,
    msw: options.msw === true,
    ...(options.controlPlane ? {} : { controlUrl: 'off' }),
    ...(options.modelRuns === undefined ? {} : { modelRuns: options.modelRuns }),
  };
  const outcomes: { outcome: SuiteOutcome; label: string }[] = [];

  const direct = await runSuite({
    ...common,
    baseUrl,
    viaProxy: false,
    ...(report ? { junitFile: join(report, 'junit.xml') } : {}),
  });
  outcomes.push({ outcome: direct, label: `${baseUrl} (${options.level})` });
  console.log(consoleSummary(direct, `${baseUrl}, level ${options.level}`));
  writeReports(direct, report, '', 'Session API conformance report');

  if (options.prism) {
    const { origin } = await startPrism(baseUrl);
    console.log(`\nStarted Prism's validation proxy at ${origin}, in front of ${baseUrl}`);
    // Prism serves the spec's paths without the base path (contracts/README.md, "Through Prism"),
    // so the base URL is its bare origin.
    const proxied = await runSuite({
      ...common,
      baseUrl: origin,
      controlUrl: options.controlPlane ? `${new URL(baseUrl).origin}/__mock` : 'off',
      viaProxy: true,
      ...(report ? { junitFile: join(report, 'junit-prism.xml') } : {}),
    });
    outcomes.push({ outcome: proxied, label: `through Prism` });
    console.log(
      consoleSummary(
        proxied,
        `through Prism (${origin} -> ${baseUrl}), level ${options.level}, direct-only checks left out`,
      ),
    );
    writeReports(proxied, report, '-prism', "Session API conformance report (through Prism's validation proxy)");
  }
  const ok = outcomes.every(({ outcome }) => passed(outcome));
  console.log(
    `\n${ok ? 'PASS' : 'FAIL'}: ` +
      `${outcomes.map(({ outcome, label }) => `${label} ${passed(outcome) ? 'passed' : 'failed'}`).join('; ')}`,
  );
  return ok ? 0 : 1;
}

main().then(
  async (code) => {
    await stopAll();
    process.exit(code);
  },
  async (error: unknown) => {
    await stopAll();
    console.error(`contracts: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof UsageError || error instanceof PrismMissingError ? 2 : 1);
  },
);
