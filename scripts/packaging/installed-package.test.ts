/**
 * The package as an app gets it: `npm pack` (its prepack build), installed with `npm install
 * <tarball>` into a new project in a temporary folder outside the repository, then used from
 * there only: the two bins, each export in plain Node, the types under a Vite template's strict
 * settings, the client in a browser bundle, and the docs' examples (docs/examples/installed/).
 * Its figures (tarball, install time, dependencies, node_modules) go to reports/package/figures.json.
 * Run by `npm test` as a step of its own (scripts/test-all.ts): it needs the npm registry.
 */
import { execFile, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify, stripVTControlCharacters } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startProcess, stopAll } from '../../contracts/runner/processes.ts';
import { repoRoot } from '../../contracts/runner/repo-root.ts';
import { buildCommand } from '../../mock/config.ts';

const run = promisify(execFile);
const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  exports: Record<string, unknown>;
};
const examples = path.join(repoRoot, 'docs/examples/installed');
const mib = 1024 * 1024;

let work: string;
let app: string;
let tarball: string;
/** What importing session-api-mock/msw says while its peer msw is not installed. */
let withoutMsw: { status: number | null; stderr: string };
const figures: Record<string, number> = {};

/** Bytes under `dir`, as `du` counts them (apparent sizes), links not followed. */
function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(file);
    else if (entry.isFile()) total += statSync(file).size;
  }
  return total;
}

/** Runs `command` in the app; resolves with its output, rejects with it when the exit status is not 0. */
async function inApp(command: string, args: string[], timeoutMs = 120_000): Promise<string> {
  try {
    const { stdout, stderr } = await run(command, args, { cwd: app, timeout: timeoutMs, maxBuffer: 64 * mib });
    return `${stdout}${stderr}`;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${failed.message}\n${failed.stdout}${failed.stderr}`, {
      cause: error,
    });
  }
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'session-api-mock-package-'));
  const packed = spawnSync('npm', ['pack', '--json', '--pack-destination', work], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * mib,
  });
  if (packed.status !== 0) throw new Error(`npm pack failed:\n${packed.stdout}${packed.stderr}`);
  const [packInfo] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as { filename: string }[];
  tarball = path.join(work, packInfo!.filename);
  figures.tarballBytes = statSync(tarball).size;

  app = path.join(work, 'app');
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  const started = performance.now();
  await inApp('npm', ['install', '--no-audit', '--no-fund', tarball], 300_000);
  figures.installSeconds = Math.round((performance.now() - started) / 100) / 10;
  figures.nodeModulesMiB = Math.round((bytesUnder(path.join(app, 'node_modules')) / mib) * 10) / 10;
  const lock = JSON.parse(readFileSync(path.join(app, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, unknown>;
  };
  figures.installedPackages = Object.keys(lock.packages).filter((key) => key !== '').length;
  withoutMsw = spawnSync('node', ['--input-type=module', '-e', `await import('${manifest.name}/msw');`], {
    cwd: app,
    encoding: 'utf8',
  });
  // The optional peer session-api-mock/msw needs, as an app that uses it installs it (after the figures above).
  await inApp('npm', ['install', '--no-audit', '--no-fund', '--save-dev', 'msw@2.15.0'], 300_000);
  const installed = JSON.parse(readFileSync(path.join(app, 'node_modules', manifest.name, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  figures.directDependencies = Object.keys(installed.dependencies ?? {}).length;
  mkdirSync(path.join(repoRoot, 'reports/package'), { recursive: true });
  writeFileSync(path.join(repoRoot, 'reports/package/figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`package figures: ${JSON.stringify(figures)}`);
}, 600_000);

afterAll(async () => {
  await stopAll();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the tarball', () => {
  test('holds compiled JavaScript, declarations and what the mock serves, nothing else', async () => {
    const listing = (await run('tar', ['tzf', tarball], { maxBuffer: 16 * mib })).stdout.trim().split('\n');
    const files = listing.map((entry) => entry.replace(/^package\//, ''));
    const unexpected = files.filter(
      (file) =>
        !/^dist\/package\/.+\.(mjs|d\.ts)$/.test(file) &&
        file !== 'dist/package/scalar-standalone.js' &&
        !/^dist\/package\/dashboard\/(index\.html|app\.css|app\.js)$/.test(file) &&
        !/^dist\/package\/msw\/(index\.js(\.LEGAL\.txt)?|node\.js)$/.test(file) &&
        !/^spec\/[a-z.-]+\.yaml$/.test(file) &&
        !/^mock\/scenarios\/[a-z-]+\.yaml$/.test(file) &&
        !['package.json', 'README.md'].includes(file),
    );
    expect(unexpected).toEqual([]);
    // Test files only as the compiled contract suite, which the contract runner runs.
    expect(files.filter((file) => /\.test\./.test(file) && !file.startsWith('dist/package/contract-suite/'))).toEqual(
      [],
    );
  });

  test('installs at most 10 direct dependencies and at most 80 MiB into node_modules', () => {
    expect(figures.directDependencies).toBeLessThanOrEqual(10);
    expect(figures.nodeModulesMiB).toBeLessThanOrEqual(80);
  });
});

describe('the bins', () => {
  test('session-api-mock lists every option of the mock and prints its version', async () => {
    const help = await inApp('npx', ['session-api-mock', '--help']);
    for (const option of buildCommand().options) expect(help).toContain(option.long!);
    expect((await inApp('npx', ['session-api-mock', '--version'])).trim()).toBe(manifest.version);
  });

  test('session-api-contracts lists every option of the runner and prints its version', async () => {
    const own = (await run('npx', ['tsx', 'scripts/contracts.ts', '--help'], { cwd: repoRoot })).stdout;
    const help = await inApp('npx', ['session-api-contracts', '--help']);
    const optionsOf = (text: string) => [...text.matchAll(/^\s+(?:-\w, )?(--[a-z-]+)/gm)].map((match) => match[1]);
    expect(optionsOf(help).length).toBeGreaterThan(10);
    expect(optionsOf(help)).toEqual(optionsOf(own));
    expect((await inApp('npx', ['session-api-contracts', '--version'])).trim()).toBe(manifest.version);
  });

  test('the contract suite passes against the installed mock', async () => {
    const mock = await startProcess({
      name: 'the installed mock',
      command: 'npx',
      args: ['session-api-mock', '--port', '0', '--log-level', 'warn'],
      cwd: app,
      url: /listening on (http:\/\/\S+)/,
      timeoutMs: 60_000,
    });
    try {
      const output = await inApp(
        'npx',
        ['session-api-contracts', '--base-url', `${mock.origin}/v1`, '--quiet'],
        300_000,
      );
      expect(output).toMatch(/^PASS: /m);
      // The pages it serves come with it: the docs' script and the dashboard's, built (no esbuild installed).
      for (const [page, type] of [
        ['/__mock/ui', 'text/html'],
        ['/__mock/ui/app.js', 'text/javascript'],
        ['/docs', 'text/html'],
      ] as const) {
        const answer = await fetch(`${mock.origin}${page}`);
        expect(answer.status, page).toBe(200);
        expect(answer.headers.get('content-type'), page).toContain(type);
      }
    } finally {
      await mock.stop();
    }
  }, 400_000);

  test('--prism without Prism installed says how to install it', () => {
    const refused = spawnSync('npx', ['session-api-contracts', '--base-url', 'http://127.0.0.1:9/v1', '--prism'], {
      cwd: app,
      encoding: 'utf8',
    });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('npm install --save-dev @stoplight/prism-cli@5');
  });
});

describe('the exports', () => {
  test('./msw without its peer msw installed says how to install it', () => {
    expect(withoutMsw.status).not.toBe(0);
    expect(withoutMsw.stderr).toContain('npm install --save-dev msw@2');
  });

  test.each(Object.keys(manifest.exports).filter((name) => name !== './package.json'))(
    '%s imports in plain Node',
    async (name) => {
      const specifier = `${manifest.name}/${name.slice(2)}`;
      const output = await inApp('node', [
        '--input-type=module',
        '-e',
        `const m = await import('${specifier}'); console.log(Object.keys(m).length);`,
      ]);
      expect(Number(output.trim())).toBeGreaterThan(0);
    },
  );

  test('the docs example starts the bundled mock in plain Node and drives it through both clients', async () => {
    copyFileSync(path.join(examples, 'start-and-drive.mjs'), path.join(app, 'start-and-drive.mjs'));
    const output = await inApp('node', ['start-and-drive.mjs']);
    expect(output).toContain('join a full session: 409 urn:session-api:problem:session-full');
    expect(output).toContain('the journal holds the join');
  });

  test("the docs' vitest example runs in the app with the vitest the package installs", async () => {
    copyFileSync(
      path.join(repoRoot, 'docs/examples/vitest-namespaces.test.ts'),
      path.join(app, 'vitest-namespaces.test.ts'),
    );
    const output = await inApp('npx', ['vitest', 'run', 'vitest-namespaces.test.ts'], 180_000);
    expect(stripVTControlCharacters(output)).toMatch(/Tests\s+\d+ passed/);
  });

  test("the types hold under a Vite template's strict settings with every declaration file checked", async () => {
    copyFileSync(path.join(examples, 'app-types.ts'), path.join(app, 'app-types.ts'));
    copyFileSync(path.join(examples, 'tsconfig.app.json'), path.join(app, 'tsconfig.json'));
    const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');
    await inApp(process.execPath, [tsc, '-p', 'tsconfig.json']);
  });

  test('the client and the control client bundle for the browser without undici or Node built-ins', async () => {
    const bundled = await build({
      stdin: {
        contents:
          `export { createSessionClient } from '${manifest.name}/client';\n` +
          `export { createMockControl } from '${manifest.name}/control';`,
        resolveDir: app,
        loader: 'js',
      },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(bundled.metafile.inputs);
    expect(inputs.filter((input) => /undici|^node:/.test(input))).toEqual([]);
    // No import of either is left for the page to fail on (openapi-fetch only reads process.versions.undici).
    expect(bundled.outputFiles[0]!.text).not.toMatch(/(from|import\()\s*["'](node:|undici)/);
    expect(inputs.some((input) => input.includes('dist/package/browser/client.mjs'))).toBe(true);
  });
});
