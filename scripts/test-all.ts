/**
 * `npm test`: every gate and every suite, one after the other, each shown as it
 * runs, then one summary and the closing line `N passed, N failed` that CI reads.
 *
 * A step that writes a vitest JSON report is counted test by test; any other
 * step counts as one check, passed when it exits 0.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

interface Step {
  name: string;
  command: string[];
  /** A vitest JSON report the step writes, to count its tests one by one. */
  report?: string;
  /** JUnit XML reports the step writes, counted the same way. */
  junit?: string[];
  /**
   * Runs beside the steps after it (its output kept in a file and shown when it ends): for a step that
   * mostly waits (npm pack and install), so that its waiting overlaps with the others' work.
   */
  background?: true;
}

const reports = 'reports/test-all';
const vitestJson = (name: string) => [
  `--reporter=default`,
  `--reporter=json`,
  `--outputFile.json=${join(process.cwd(), reports, `${name}.json`)}`,
];

const steps: Step[] = [
  {
    name: 'package (installed)',
    command: ['npx', 'vitest', 'run', '--config', 'scripts/packaging/vitest.config.ts', ...vitestJson('package')],
    report: `${reports}/package.json`,
    background: true,
  },
  { name: 'lint:spec', command: ['npm', 'run', '--silent', 'lint:spec'] },
  { name: 'check:generated', command: ['npm', 'run', '--silent', 'check:generated'] },
  // Beside lint: each takes half a minute, and neither needs the other.
  { name: 'typecheck', command: ['npm', 'run', '--silent', 'typecheck'], background: true },
  { name: 'lint', command: ['npm', 'run', '--silent', 'lint'] },
  { name: 'test:unit', command: ['npx', 'vitest', 'run', ...vitestJson('unit')], report: `${reports}/unit.json` },
  {
    name: 'test:contracts',
    command: ['npm', 'run', '--silent', 'test:contracts', '--', '--quiet', '--report', `${reports}/contracts`],
    junit: [`${reports}/contracts/junit.xml`, `${reports}/contracts/junit-prism.xml`],
  },
  {
    name: 'test:contracts (MSW handlers, no server)',
    command: ['npm', 'run', '--silent', 'contracts', '--', '--msw', '--quiet', '--report', `${reports}/contracts-msw`],
    junit: [`${reports}/contracts-msw/junit.xml`],
  },
  {
    name: 'test:contracts:self',
    command: [
      'npx',
      'vitest',
      'run',
      '--config',
      'contracts/vitest.self-test.config.ts',
      ...vitestJson('contracts-self'),
    ],
    report: `${reports}/contracts-self.json`,
  },

  // The bench's smoke run beside fuzz and soak: it asserts no figure (only that every answer has its expected
  // status), so the others' load only skews figures nobody reads, and its 45 s overlap theirs. With the mock
  // through Redis too (GET current and join against in-memory, 2 replicas, Redis commands counted).
  {
    name: 'bench (smoke)',
    command: ['npm', 'run', '--silent', 'bench', '--', '--smoke', '--store', 'redis'],
    background: true,
  },
  { name: 'fuzz (bounded)', command: ['npm', 'run', '--silent', 'fuzz', '--', '--requests', '2000'] },
  { name: 'soak (smoke)', command: ['npm', 'run', '--silent', 'soak', '--', '--seconds', '20'] },
  // The same checks against a mock whose worlds live in Redis (each starts its own redis-server), shorter.
  {
    name: 'fuzz (bounded, Redis store)',
    command: ['npm', 'run', '--silent', 'fuzz', '--', '--requests', '500', '--store', 'redis'],
  },
  {
    name: 'soak (smoke, Redis store)',
    command: ['npm', 'run', '--silent', 'soak', '--', '--seconds', '10', '--store', 'redis'],
  },
];

interface Tally {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
}

function run(step: Step, logFile?: string): Promise<number> {
  return new Promise((resolve) => {
    const output = logFile === undefined ? 'inherit' : openSync(logFile, 'w');
    const child = spawn(step.command[0]!, step.command.slice(1), {
      stdio: ['ignore', output, output],
      env: process.env,
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(1));
  });
}

function countReport(file: string): { passed: number; failed: number; skipped: number } | undefined {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
      numTotalTestSuites: number;
      numFailedTestSuites: number;
    };
    // A file that fails to load counts as a failure even though no test in it ran.
    const brokenFiles = report.numFailedTestSuites > 0 && report.numFailedTests === 0 ? 1 : 0;
    return {
      passed: report.numPassedTests,
      failed: report.numFailedTests + brokenFiles,
      skipped: report.numPendingTests + report.numTodoTests,
    };
  } catch {
    return undefined;
  }
}

/** Sums the counts of JUnit XML reports; undefined when none could be read. */
function countJunit(files: string[]): { passed: number; failed: number; skipped: number } | undefined {
  let read = 0;
  const sum = { passed: 0, failed: 0, skipped: 0 };
  for (const file of files) {
    let xml: string;
    try {
      xml = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    read++;
    const root = /<testsuites\b[^>]*>/.exec(xml)?.[0] ?? '';
    const attribute = (name: string) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(root)?.[1] ?? 0);
    const skipped = (xml.match(/<skipped\b/g) ?? []).length;
    const failed = attribute('failures') + attribute('errors');
    sum.failed += failed;
    sum.skipped += skipped;
    sum.passed += attribute('tests') - failed - skipped;
  }
  return read > 0 ? sum : undefined;
}

/** Runs a step and counts its tests (a vitest or JUnit report) or, without one, the step as one check. */
async function runStep(step: Step, logFile?: string): Promise<Tally> {
  const started = performance.now();
  const code = await run(step, logFile);
  const seconds = (performance.now() - started) / 1000;
  const counted = step.report
    ? countReport(join(process.cwd(), step.report))
    : step.junit
      ? countJunit(step.junit)
      : undefined;
  return counted
    ? { name: step.name, ...counted, failed: counted.failed + (code !== 0 && counted.failed === 0 ? 1 : 0), seconds }
    : { name: step.name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0, seconds };
}

async function main(): Promise<void> {
  const startedAll = performance.now();
  rmSync(reports, { recursive: true, force: true });
  mkdirSync(reports, { recursive: true });
  const tallies: Promise<Tally>[] = [];
  for (const step of steps) {
    if (step.background) {
      const log = join(reports, `${step.name.replace(/[^\w]+/g, '-')}.log`);
      console.log(`\n=== ${step.name}: started beside the next steps (output in ${log}): ${step.command.join(' ')}`);
      tallies.push(
        runStep(step, log).then((tally) => {
          console.log(`\n=== ${step.name} (beside the others), its output:\n${readFileSync(log, 'utf8')}`);
          console.log(`=== ${step.name}: ${tally.failed === 0 ? 'ok' : 'FAILED'} (${tally.seconds.toFixed(1)} s)`);
          return { ...tally, name: `${tally.name} (beside)` };
        }),
      );
      continue;
    }
    console.log(`\n=== ${step.name}: ${step.command.join(' ')}`);
    const tally = await runStep(step);
    tallies.push(Promise.resolve(tally));
    console.log(`=== ${step.name}: ${tally.failed === 0 ? 'ok' : 'FAILED'} (${tally.seconds.toFixed(1)} s)`);
  }
  const done = await Promise.all(tallies);
  const minutes = (performance.now() - startedAll) / 60_000;
  console.log(
    `\nSummary: ${minutes.toFixed(1)} minutes in all; each step's own time (beside: ran alongside the others)`,
  );
  for (const t of done) {
    console.log(
      `  ${t.failed === 0 ? 'ok  ' : 'FAIL'} ${t.name.padEnd(42)} ${String(t.passed).padStart(5)} passed ` +
        `${String(t.failed).padStart(4)} failed ${String(t.skipped).padStart(4)} skipped  ` +
        `${t.seconds.toFixed(1)} s`,
    );
  }
  const total = (key: 'passed' | 'failed' | 'skipped') => done.reduce((sum, t) => sum + t[key], 0);
  console.log(`${total('passed')} passed, ${total('failed')} failed, ${total('skipped')} skipped`);
  process.exitCode = total('failed') > 0 ? 1 : 0;
}

await main();
