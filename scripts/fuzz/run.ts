/**
 * `npm run fuzz -- [--requests N] [--seed S] [--concurrency C] [--max-seconds T] [--store redis]`
 *
 * Starts the mock (with `--store redis`, on a redis-server of its own), sends N
 * requests drawn by fast-check from the request schemas of spec/session-api.yaml
 * plus mutations (see cases.ts), and checks every answer
 * (judge.ts); then fuzzes the session hub (hub.ts, --hub-cases, a quarter of N by
 * default); then checks the mock's invariants and health. Prints progress and a
 * summary, writes reports/fuzz/fuzz-<seed>.json, exits 1 on any failure.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import fc from 'fast-check';
import type { Pool } from 'undici';
import { ApiDescription } from '../../spec/index.ts';
import { caseArbitrary, renderBody, type ApiKeyKind, type AuthKind, type FuzzCase } from './cases.ts';
import { setUpFixtures, type Fixtures } from './fixtures.ts';
import { call, createPool, flattenHeaders } from './http.ts';
import { listSessions, sessionViolations } from './invariants.ts';
import { isPreview, judge, type Observed } from './judge.ts';
import type { Started } from '../../contracts/runner/processes.ts';
import { repoRoot } from '../../contracts/runner/repo-root.ts';
import { wholeNumber as whole } from '../../mock/whole-number-option.ts';
import { startMock } from '../mock-process.ts';
import { startStore, storeOption, type StoreChoice, type StartedStore } from '../store-option.ts';
import { readMemory } from '../process-memory.ts';
import { fuzzHub, type HubFuzzResult } from './hub.ts';

const options = new Command('fuzz')
  .description('Spec-driven fuzzing of the mock: no 5xx, no crash, every answer as documented, invariants hold.')
  .addOption(
    new Option('--requests <n>', 'requests to send').default(10_000).argParser(whole('--requests', 1, 10_000_000)),
  )
  .addOption(
    new Option('--seed <n>', 'fast-check seed (same seed, same requests)').argParser(whole('--seed', 0, 2 ** 31 - 1)),
  )
  .addOption(
    new Option('--concurrency <n>', 'requests in flight at once').default(16).argParser(whole('--concurrency', 1, 256)),
  )
  .addOption(
    new Option('--max-seconds <n>', 'stop sending after this long')
      .default(600)
      .argParser(whole('--max-seconds', 1, 86_400)),
  )
  .addOption(
    new Option('--body-limit <bytes>', "the mock's --body-limit")
      .default(1_048_576)
      .argParser(whole('--body-limit', 1024, 10 * 1024 * 1024)),
  )
  .addOption(
    new Option(
      '--hub-cases <n>',
      'hub cases to send after the requests (default: a quarter of --requests, at least 100)',
    ).argParser(whole('--hub-cases', 0, 1_000_000)),
  )
  .addOption(
    new Option('--hub-seconds <n>', 'stop the hub fuzz after this long')
      .default(300)
      .argParser(whole('--hub-seconds', 1, 86_400)),
  )
  .addOption(
    new Option(
      '--only <indexes>',
      "send only these cases of the seed's sequence (comma-separated), printing each answer",
    ).argParser((value) => value.split(',').map(Number)),
  )
  .addOption(storeOption())
  .parse(process.argv.slice(2), { from: 'user' })
  .opts<{
    store: StoreChoice;
    only?: number[];
    hubCases?: number;
    hubSeconds: number;
    requests: number;
    seed?: number;
    concurrency: number;
    maxSeconds: number;
    bodyLimit: number;
  }>();

const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
/** Few enough that the cases naming a world of their own overflow the registry, which must stay bounded. */
const maxNamespaces = 64;
/** A coarse guard on memory over the requests (bodies near the limit take ~200 MiB); the count above is the bound. */
const maxRssGrowthMiB = 512;
// The mock is judged by the spec as it answers it (X-Mock-Namespace, its 400 and 503, faults): with the overlay.
const api = ApiDescription.mockFromFile();
const operations = api.operations;
const apiKey = `fuzz-${randomBytes(12).toString('hex')}`;
const tokenSecret = randomBytes(32).toString('hex');

interface Example {
  request: string;
  status: number | string;
  response: string;
  violations: string[];
}

function credential(kind: AuthKind, pick: number, fixtures: Fixtures): string {
  const from = (list: string[]) => list[pick % Math.max(1, list.length)] ?? 'missing';
  switch (kind) {
    case 'wallet':
      return `Bearer ${from(fixtures.walletTokens)}`;
    case 'host':
      return `Bearer ${from(fixtures.hostTokens)}`;
    case 'guest':
      return `Bearer ${from(fixtures.guestTokens)}`;
    case 'garbage':
      return `Bearer ${['x', 'a.b.c', 'e30.e30.', '....', '%00', 'eyJhbGciOiJIUzI1NiJ9..', 'null'][pick % 7]}`;
    case 'empty':
      return '';
    case 'scheme-only':
      return 'Bearer';
    case 'basic':
      return 'Basic dXNlcjpwYXNzd29yZA==';
    case 'lowercase-scheme':
      return `bearer ${from(fixtures.walletTokens)}`;
    case 'huge':
      return `Bearer ${'A'.repeat(8000)}.${'B'.repeat(4000)}.${'C'.repeat(100)}`;
    default:
      return `Bearer ${fixtures.forged[kind] ?? 'missing'}`;
  }
}

function apiKeyValue(kind: ApiKeyKind): string {
  switch (kind) {
    case 'valid':
      return apiKey;
    case 'wrong':
      return 'mock-api-key';
    case 'empty':
      return '';
    case 'prefix':
      return apiKey.slice(0, -1);
    case 'suffix':
      return `${apiKey}x`;
    case 'case':
      return apiKey.toUpperCase();
    case 'long':
      return 'k'.repeat(8000);
    case 'spaces':
      return ` ${apiKey} `;
  }
}

interface Built {
  method: string;
  path: string;
  headers: string[];
  body: string | Uint8Array | undefined;
  /** Request line and headers, as bytes on the wire (near enough). */
  headerBytes: number;
}

function build(fuzzCase: FuzzCase, fixtures: Fixtures, index: number): Built {
  const target = fuzzCase.target;
  const operation = target.kind === 'unknown-path' ? undefined : operations[target.operation]!;
  const method = target.kind === 'operation' ? operation!.method : target.method;
  const pathname = target.kind === 'unknown-path' ? target.path : `${api.basePath}${operation!.path}`;
  const headers: string[] = [];
  for (const auth of fuzzCase.authorization)
    headers.push('authorization', credential(auth.kind, auth.pick + index, fixtures));
  for (const key of fuzzCase.apiKey) headers.push('x-api-key', apiKeyValue(key));
  if (fuzzCase.contentType !== undefined) headers.push('content-type', fuzzCase.contentType);
  for (const [name, value] of fuzzCase.headers) headers.push(name, value);
  if (fuzzCase.oversizedHeader > 0) headers.push('x-fuzz-padding', 'p'.repeat(fuzzCase.oversizedHeader));
  if (fuzzCase.prefer !== undefined) headers.push('prefer', fuzzCase.prefer);
  const namespace = fuzzCase.namespace;
  if (namespace.kind === 'valid') headers.push('x-mock-namespace', namespace.name);
  if (namespace.kind === 'invalid') headers.push('x-mock-namespace', namespace.value);
  // A name of its own per case: far more worlds than --max-namespaces lets the mock hold.
  if (namespace.kind === 'distinct') headers.push('x-mock-namespace', `many-${seed}-${index}`);
  const body = renderBody(
    fuzzCase.body,
    operation?.operationId,
    {
      bodyLimit: options.bodyLimit,
      knownSessionId: (pick) => fixtures.sessionIds[pick % fixtures.sessionIds.length]!,
      knownUserId: (pick) => fixtures.userIds[pick % fixtures.userIds.length]!,
      proof: (pick) => fixtures.proofs[pick % Math.max(1, fixtures.proofs.length)],
    },
    index,
  );
  const fullPath = pathname + fuzzCase.query;
  let headerBytes = method.length + fullPath.length + 12;
  for (let at = 0; at < headers.length; at += 2)
    headerBytes += Buffer.byteLength(headers[at]!) + Buffer.byteLength(headers[at + 1]!) + 4;
  return { method, path: fullPath, headers, body: method === 'GET' ? undefined : body, headerBytes };
}

/**
 * Feeds the credentials of successful creates and joins back into the fixtures,
 * so that the session operations keep reaching live sessions while the fuzz
 * itself deletes and leaves them. (Concurrency makes this part of a run vary.)
 */
function harvest(operationId: string, observed: Observed, fixtures: Fixtures): void {
  if (observed.kind !== 'answer' || observed.status !== 200 || isPreview(observed)) return;
  if (operationId !== 'createSession' && operationId !== 'joinSession') return;
  const body = JSON.parse(observed.body) as {
    sessionId: string;
    credentials: { token: string; id: string; role: string };
  };
  (body.credentials.role === 'host' ? fixtures.hostTokens : fixtures.guestTokens).push(body.credentials.token);
  fixtures.userIds.push(body.credentials.id);
  if (operationId === 'createSession') fixtures.sessionIds.push(body.sessionId);
}

function describeRequest(built: Built): string {
  const headers: string[] = [];
  for (let index = 0; index < built.headers.length; index += 2) {
    const value = built.headers[index + 1]!;
    headers.push(
      `${built.headers[index]}: ${value.length > 80 ? `${value.slice(0, 60)}...(${value.length} chars)` : value}`,
    );
  }
  const body =
    built.body === undefined ? '' : typeof built.body === 'string' ? built.body : `<${built.body.length} random bytes>`;
  const path = built.path.length > 120 ? `${built.path.slice(0, 100)}...` : built.path;
  const shownBody = body.length > 300 ? `${body.slice(0, 300)}...(${body.length} chars)` : body;
  return `${built.method} ${path}\n${headers.join('\n')}\n\n${shownBody}`;
}

async function send(pool: Pool, built: Built): Promise<Observed> {
  try {
    const response = await pool.request({
      method: built.method,
      path: built.path,
      headers: built.headers,
      body: built.body,
      signal: AbortSignal.timeout(30_000),
    });
    return {
      kind: 'answer',
      status: response.statusCode,
      headers: flattenHeaders(response.headers),
      body: await response.body.text(),
    };
  } catch (error) {
    const { name, message, code, syscall } = error as NodeJS.ErrnoException;
    return {
      kind: 'error',
      message: `${name}: ${message}`,
      ...(code === undefined ? {} : { code }),
      ...(syscall === undefined ? {} : { syscall }),
    };
  }
}

async function main(): Promise<number> {
  const startedAt = Date.now();
  console.log(
    `fuzz: seed ${seed}, ${options.requests} requests, concurrency ${options.concurrency} (replay with --seed ${seed})`,
  );
  const cases = fc.sample(caseArbitrary(operations, options.bodyLimit), { seed, numRuns: options.requests });
  let mock: Started | undefined;
  let pool: Pool | undefined;
  let store: StartedStore | undefined;
  try {
    store = await startStore(options.store);
    mock = await startMock({
      args: [
        '--api-key',
        apiKey,
        '--token-secret',
        tokenSecret,
        '--seed',
        String(seed),
        '--body-limit',
        String(options.bodyLimit),
        '--max-namespaces',
        String(maxNamespaces),
        ...store.mockArgs,
      ],
    });
    pool = createPool(mock.origin, options.concurrency);
    const rssStart = readMemory(mock.pid)?.rss ?? Number.NaN;
    const fixtures = await setUpFixtures(pool, { apiKey, tokenSecret, sessions: 24, proofs: 24 });
    console.log(
      `fuzz: mock pid ${mock.pid} at ${mock.origin}, store ${store.description}; ` +
        `fixtures: ${fixtures.sessionIds.length} sessions, ` +
        `${fixtures.walletTokens.length} wallet tokens, ${fixtures.proofs.length} wallet proofs`,
    );

    const byStatus: Record<string, number> = {};
    const byOperation: Record<string, Record<string, number>> = {};
    const examples: Example[] = [];
    const violationKinds: Record<string, number> = {};
    const verifiedMessages = new Set<unknown>();
    let violationCount = 0;
    let serverErrors = 0;
    let sent = 0;
    let next = 0;
    const deadline = startedAt + options.maxSeconds * 1000;
    let lastProgress = Date.now();
    const sendStartedAt = Date.now();

    const selected = options.only;
    if (selected) next = cases.length;
    for (const index of selected ?? []) {
      const built = build(cases[index]!, fixtures, index);
      const observed = await send(pool, built);
      console.log(
        `#${index} ${describeRequest(built)}\n=> ` +
          (observed.kind === 'answer'
            ? `${observed.status} ${JSON.stringify(observed.headers)}\n${observed.body.slice(0, 500)}`
            : observed.message),
      );
      console.log(`verdict: ${JSON.stringify(judge(api, operations, cases[index]!, observed, built.headerBytes))}\n`);
    }
    if (selected) return 0;

    const worker = async () => {
      while (next < cases.length && Date.now() < deadline && mock!.alive()) {
        const index = next++;
        const fuzzCase = cases[index]!;
        const built = build(fuzzCase, fixtures, index);
        const observed = await send(pool!, built);
        sent++;
        const status = observed.kind === 'answer' ? String(observed.status) : 'closed';
        byStatus[status] = (byStatus[status] ?? 0) + 1;
        const target = fuzzCase.target;
        const label = target.kind === 'operation' ? operations[target.operation]!.operationId : target.kind;
        const perOperation = (byOperation[label] ??= {});
        perOperation[status] = (perOperation[status] ?? 0) + 1;
        if (observed.kind === 'answer' && observed.status >= 500 && !isPreview(observed)) serverErrors++;
        const violations = judge(api, operations, fuzzCase, observed, built.headerBytes);
        if (violations.length === 0) harvest(label, observed, fixtures);
        // A wallet-proof message may be verified once (docs/rules.md §14), also under concurrency.
        if (
          label === 'verifyWalletProof' &&
          observed.kind === 'answer' &&
          observed.status === 200 &&
          !isPreview(observed) &&
          typeof built.body === 'string'
        ) {
          const message = (JSON.parse(built.body) as { message?: unknown }).message;
          if (verifiedMessages.has(message))
            violations.push(`the message ${JSON.stringify(message)} was verified a second time`);
          verifiedMessages.add(message);
        }
        if (violations.length > 0) {
          violationCount++;
          for (const violation of violations) {
            const kind = `${label}: ${violation.replace(/\d{3,}/g, 'N').slice(0, 160)}`;
            violationKinds[kind] = (violationKinds[kind] ?? 0) + 1;
          }
          if (examples.length < 20) {
            examples.push({
              request: `#${index}: ${describeRequest(built)}`,
              status,
              response: observed.kind === 'answer' ? observed.body.slice(0, 400) : observed.message,
              violations,
            });
          }
        }
        if (Date.now() - lastProgress >= 2000) {
          lastProgress = Date.now();
          const rate = Math.round(sent / ((Date.now() - sendStartedAt) / 1000));
          console.log(
            `fuzz: ${sent}/${cases.length} sent, ${rate} req/s, 5xx ${serverErrors}, failing answers ${violationCount}`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    const sendSeconds = (Date.now() - sendStartedAt) / 1000;
    // Before the hub's phase, whose slow readers' buffers would swamp what the worlds take.
    const rssAfterRequests = readMemory(mock.pid)?.rss ?? Number.NaN;

    const failures: string[] = [];
    let hub: HubFuzzResult | undefined;
    const hubCases = options.hubCases ?? Math.max(100, Math.round(options.requests / 4));
    if (hubCases > 0 && mock.alive()) {
      console.log(`fuzz hub: ${hubCases} cases (seed ${seed}), 8 at once, a well-behaved client listening alongside`);
      const pid = mock.pid;
      const alive = mock.alive.bind(mock);
      hub = await fuzzHub({
        origin: mock.origin,
        pool,
        apiKey,
        seed,
        cases: hubCases,
        maxSeconds: options.hubSeconds,
        pid,
        alive,
      });
      failures.push(...hub.failures.map((failure) => `hub: ${failure}`));
    }
    if (!mock.alive()) failures.push(`the mock died: ${mock.exitNote()}; stderr: ${mock.stderr().slice(-1000)}`);
    let invariantViolations: string[] = [];
    let healthStatus: number | string = 'unreachable';
    let liveSessions = 0;
    let worldsAfter = 0;
    if (mock.alive()) {
      try {
        const sessions = await listSessions(pool);
        liveSessions = sessions.length;
        invariantViolations = sessionViolations(sessions);
        const listed = await call(pool, 'GET', '/__mock/namespaces');
        worldsAfter = (JSON.parse(listed.body) as { namespaces: unknown[] }).namespaces.length;
        if (worldsAfter > maxNamespaces + 1)
          failures.push(
            `the mock holds ${worldsAfter} namespaces, more than --max-namespaces ${maxNamespaces} + default`,
          );
        const health = await call(pool, 'GET', '/__mock/health');
        healthStatus = health.status;
        // Each unexpected error was logged with its stack to the mock's stderr (shown in the report).
        const unexpected =
          health.status === 200
            ? (JSON.parse(health.body) as { unexpectedErrors?: number }).unexpectedErrors
            : undefined;
        if (health.status === 200 && unexpected !== 0)
          failures.push(`the mock's process guard counted ${unexpected} unexpected errors`);
      } catch (error) {
        failures.push(`the control plane did not answer after the run: ${(error as Error).message}`);
      }
    }
    if (healthStatus !== 200) failures.push(`GET /__mock/health answered ${healthStatus} after the run`);
    if (sent < cases.length)
      failures.push(`only ${sent} of ${cases.length} requests were sent within --max-seconds ${options.maxSeconds}`);
    if (serverErrors > 0) failures.push(`${serverErrors} answers were 5xx`);
    if (violationCount > 0) failures.push(`${violationCount} answers broke the spec or the rules`);
    failures.push(...invariantViolations.map((violation) => `invariant: ${violation}`));
    const rss = readMemory(mock.pid);
    if (rssAfterRequests - rssStart > maxRssGrowthMiB * 1024 * 1024) {
      const growth = mib(rssAfterRequests - rssStart);
      failures.push(`the mock's RSS grew by ${growth} MiB over the requests, more than ${maxRssGrowthMiB} MiB`);
    }
    const stderrTail = mock.stderr().trim();

    const result = {
      seed,
      requests: sent,
      planned: cases.length,
      concurrency: options.concurrency,
      bodyLimit: options.bodyLimit,
      durationSeconds: Math.round((Date.now() - startedAt) / 100) / 10,
      sendSeconds: Math.round(sendSeconds * 10) / 10,
      requestsPerSecond: Math.round(sent / sendSeconds),
      byStatus,
      byOperation,
      serverErrors,
      violations: violationCount,
      violationKinds,
      examples,
      walletProofsVerified: verifiedMessages.size,
      liveSessionsAfter: liveSessions,
      namespacesAfter: worldsAfter,
      invariantViolations,
      health: healthStatus,
      rssMiB: {
        start: mib(rssStart),
        afterRequests: mib(rssAfterRequests),
        end: mib(rss?.rss),
        peak: mib(rss?.peakRss),
      },
      hub,
      mockStderr: stderrTail.slice(-2000),
      passed: failures.length === 0,
      failures,
      node: process.version,
      finishedAt: new Date().toISOString(),
    };
    const directory = path.join(repoRoot, 'reports', 'fuzz');
    mkdirSync(directory, { recursive: true });
    const file = path.join(directory, `fuzz-${seed}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(path.join(directory, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);

    console.log('');
    console.log(`fuzz summary (seed ${seed})`);
    console.log(
      `  requests      ${sent} in ${result.sendSeconds} s (${result.requestsPerSecond} req/s, concurrency ` +
        `${options.concurrency})`,
    );
    console.log(
      `  by status     ${Object.entries(byStatus)
        .sort()
        .map(([status, count]) => `${status}: ${count}`)
        .join(', ')}`,
    );
    console.log(`  5xx           ${serverErrors}`);
    console.log(`  violations    ${violationCount}`);
    console.log(
      `  wallet proofs ${verifiedMessages.size} verified, none twice (of ${fixtures.proofs.length} ` +
        `signed, replayed and tampered)`,
    );
    console.log(
      '  invariants    ' +
        (invariantViolations.length === 0
          ? `hold (${liveSessions} live sessions)`
          : `${invariantViolations.length} broken`),
    );
    console.log(
      `  namespaces    ${worldsAfter} held at the end (--max-namespaces ${maxNamespaces} + default); ` +
        `RSS after the requests ${result.rssMiB.afterRequests} MiB`,
    );
    console.log(
      `  health        ${healthStatus}; RSS start ${result.rssMiB.start} MiB, end ${result.rssMiB.end} ` +
        `MiB, peak ${result.rssMiB.peak} MiB`,
    );
    if (hub) {
      console.log(
        `  hub           ${hub.cases} cases, ${hub.frames} frames (${mib(hub.bytesSent)} MiB) in ` +
          `${hub.seconds} s; ${hub.slowReadersCutOff} slow readers cut off; ${hub.eventChecks} event checks; ` +
          `RSS ${hub.rssMiB.start} -> peak ${hub.rssMiB.peak}, end ${hub.rssMiB.end} MiB; unexpected errors ` +
          `${hub.unexpectedErrors}`,
      );
      console.log(
        `  hub outcomes  ${Object.entries(hub.byOutcome)
          .sort()
          .map(([outcome, count]) => `${outcome}: ${count}`)
          .join(', ')}`,
      );
      for (const example of hub.examples.slice(0, 5)) console.log(`  hub example   ${example}`);
    }
    console.log(`  report        ${path.relative(repoRoot, file)}`);
    for (const [kind, count] of Object.entries(violationKinds)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15))
      console.log(`  ${String(count).padStart(5)} x ${kind}`);
    for (const example of examples.slice(0, 5)) {
      console.log(
        `\n  -- ${example.violations.join('; ')}\n  answer ${example.status}: ` +
          `${example.response.slice(0, 300)}\n  ${example.request.replaceAll('\n', '\n  ')}`,
      );
    }
    if (failures.length > 0) {
      console.log(`\nFUZZ FAILED:\n${failures.map((failure) => `  - ${failure}`).join('\n')}`);
      return 1;
    }
    console.log('\nfuzz passed');
    return 0;
  } finally {
    await pool?.close().catch(() => {});
    await mock?.stop();
    await store?.stop();
  }
}

function mib(bytes: number | undefined): number {
  return bytes === undefined || Number.isNaN(bytes) ? Number.NaN : Math.round((bytes / 1024 / 1024) * 10) / 10;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`fuzz: failed to run: ${(error as Error).stack ?? error}`);
    process.exit(1);
  },
);
