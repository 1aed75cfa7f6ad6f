/**
 * `npm run build:package` (and `prepack`, so `npm pack` ships it): everything the package
 * holds besides spec/ and mock/scenarios/, compiled into dist/package/:
 *   mock.mjs, testing.mjs, contracts.mjs   the mock (bin), startMock, the contract runner (bin)
 *   scalar-standalone.js                   the /docs page's script (Scalar is no dependency)
 *   dashboard/                             the /__mock/ui page, its style sheet and its script, built
 *   msw/                                   session-api-mock/msw, for browsers and Node (build-msw.ts)
 *   contract-suite/                        the contract suite, compiled, with its vitest config
 *   node/, browser/                        the libraries, for the `node` and `default` conditions
 *   types/                                 type declarations of every export
 * What package.json `dependencies` and `peerDependencies` name stays external; everything else
 * is bundled. A module with a sibling `X.package.ts` is replaced by it here (it knows the
 * package's layout); in the browser build, a sibling `X.browser.ts` comes first.
 *   npx tsx scripts/build-package.ts [--quiet]
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { buildMsw } from './build-msw.ts';
import { bundleClient } from '../mock/dashboard/assets.ts';
import { repoRoot as root } from '../contracts/runner/repo-root.ts';
import { requireBanner, sourceRelativeImportMetaUrl, specDocuments, writeOutputs } from './build-mock.ts';

/**
 * The libraries: `session-api-mock/<name>`, importable in Node and in a browser bundle. Adding one
 * is a line here and its `exports` entry in package.json (scripts/build-package.test.ts checks
 * that both agree), e.g. `msw: 'mock/msw/index.ts'`.
 */
export const libraryEntries: Readonly<Record<string, string>> = {
  client: 'contracts/client/index.ts',
  control: 'contracts/client/mock-control.ts',
};

/** `session-api-mock/msw`, built by scripts/build-msw.ts for browsers and Node alike. */
export const mswEntry = 'mock/msw/index.ts';

/** Node only: the two bins and `session-api-mock/testing`. */
export const serverEntries: Readonly<Record<string, string>> = {
  mock: 'mock/main.ts',
  contracts: 'scripts/contracts.ts',
  testing: 'mock/testing/start-mock.ts',
};

/** Beside `npm start`'s bundle (dist/mock.mjs), never over it: a running mock keeps its chunks. */
export const distDir = path.join(root, 'dist/package');
export const suiteDir = path.join(distDir, 'contract-suite');
export const typesDir = path.join(distDir, 'types');

/** The declaration file of a source entry, relative to the package root. */
export function declarationOf(source: string): string {
  return path.posix.join('dist/package/types', source.replace(/\.ts$/, '.d.ts'));
}

/** What the package installs or asks for: never bundled. */
function externals(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
  const names = [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})];
  return names.flatMap((name) => [name, `${name}/*`]);
}

/** Resolves `./X.ts` to a sibling `X.<suffix>.ts` when one exists, the first suffix first. */
function standIns(suffixes: readonly string[]): Plugin {
  return {
    name: 'stand-ins',
    setup(builder) {
      builder.onResolve({ filter: /^\.\.?\/.*\.ts$/ }, (args) => {
        const file = path.resolve(args.resolveDir, args.path);
        for (const suffix of suffixes) {
          const standIn = file.replace(/\.ts$/, `.${suffix}.ts`);
          // A stand-in may import the module it stands in for (vitest.config.package.ts does).
          if (standIn !== args.importer && existsSync(standIn)) return { path: standIn };
        }
        return undefined;
      });
    },
  };
}

const entryPoints = (entries: Readonly<Record<string, string>>) =>
  Object.fromEntries(Object.entries(entries).map(([name, source]) => [name, path.join(root, source)]));

/** Options every build shares: bundled ES modules, chunks shared between entries. */
function common(outDir: string): BuildOptions {
  return {
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    // No source maps: their sources are not in the package; names are kept (only whitespace and syntax minified).
    sourcemap: false,
    minifyWhitespace: true,
    minifySyntax: true,
    external: externals(),
    define: { __SPEC_DOCUMENTS__: JSON.stringify(specDocuments()) },
    logLevel: 'warning',
  };
}

/** Node builds: `require` for CommonJS dependencies, and paths built on import.meta.url kept (build-mock.ts). */
function forNode(outDir: string, shebang: boolean): BuildOptions {
  return {
    ...common(outDir),
    platform: 'node',
    target: 'node20',
    banner: { js: `${shebang ? '#!/usr/bin/env node\n' : ''}${requireBanner}` },
    plugins: [standIns(['package']), sourceRelativeImportMetaUrl(outDir)],
  };
}

async function bundle(options: BuildOptions): Promise<void> {
  const result = await build(options);
  writeOutputs(result.outputFiles ?? []);
}

function suiteEntries(): Record<string, string> {
  const suite = path.join(root, 'contracts/suite');
  const tests = readdirSync(suite).filter((file) => file.endsWith('.test.ts'));
  return {
    ...Object.fromEntries(tests.map((file) => [file.replace(/\.ts$/, ''), path.join(suite, file)])),
    'vitest.config': path.join(root, 'contracts/vitest.config.package.ts'),
  };
}

/** Every declaration file the entries' declarations import, transitively (relative imports only). */
function reachableDeclarations(entries: readonly string[]): Set<string> {
  const reached = new Set<string>();
  const visit = (file: string) => {
    if (reached.has(file)) return;
    reached.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      visit(path.resolve(path.dirname(file), match[1]!.replace(/\.(d\.)?ts$/, '.d.ts')));
    }
  };
  for (const entry of entries) visit(path.join(root, entry));
  return reached;
}

/** Emits the declarations and keeps only those an export reaches (the rest would need the mock's dependencies). */
function declarations(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], {
    cwd: root,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed:\n${run.stdout}${run.stderr}`);
  const keep = reachableDeclarations(
    [...Object.values(libraryEntries), serverEntries.testing!, mswEntry].map((source) => declarationOf(source)),
  );
  const prune = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) {
        prune(file);
        if (readdirSync(file).length === 0) rmSync(file, { recursive: true });
      } else if (!keep.has(file)) rmSync(file);
    }
  };
  prune(typesDir);
}

/**
 * session-api-mock/msw under Node: says how to install the peer msw when it is missing (a bundler
 * says so itself at build time), then hands over the handlers.
 */
const mswNodeEntry = `try {
  await import('msw');
} catch (error) {
  throw new Error(
    'session-api-mock/msw needs msw 2.x beside it (an optional peer dependency): npm install --save-dev msw@2',
    { cause: error },
  );
}
export const { createSessionApiHandlers } = await import('./index.js');
`;

/** The dashboard's files, built: the package has neither their sources nor esbuild (assets.package.ts). */
function writeDashboard(dir: string, script: string): void {
  mkdirSync(dir, { recursive: true });
  copyFileSync(path.join(root, 'mock/dashboard/index.html'), path.join(dir, 'index.html'));
  copyFileSync(path.join(root, 'mock/dashboard/client/styles.css'), path.join(dir, 'app.css'));
  writeFileSync(path.join(dir, 'app.js'), script);
}

export async function buildPackage(): Promise<{ milliseconds: number }> {
  const started = performance.now();
  rmSync(distDir, { recursive: true, force: true });
  await bundle({ ...forNode(distDir, true), entryPoints: entryPoints(serverEntries) });
  copyFileSync(
    createRequire(import.meta.url).resolve('@scalar/api-reference/browser/standalone.js'),
    path.join(distDir, 'scalar-standalone.js'),
  );
  writeDashboard(path.join(distDir, 'dashboard'), await bundleClient());
  await bundle({ ...forNode(suiteDir, false), entryPoints: suiteEntries() });
  const nodeLibraries = path.join(distDir, 'node');
  await bundle({ ...forNode(nodeLibraries, false), entryPoints: entryPoints(libraryEntries) });
  await bundle({
    ...common(path.join(distDir, 'browser')),
    platform: 'browser',
    plugins: [standIns(['browser', 'package'])],
    entryPoints: entryPoints(libraryEntries),
  });
  // session-api-mock/msw: its own browser build (precompiled validators, the spec built in; scripts/build-msw.ts).
  await buildMsw(path.join(distDir, 'msw'), { sourcemap: false });
  writeFileSync(path.join(distDir, 'msw', 'node.js'), mswNodeEntry);
  declarations();
  return { milliseconds: Math.round(performance.now() - started) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const options = new Command('build-package')
    .description('Build everything the package ships into dist/ (npm pack runs this as prepack).')
    .option('--quiet', 'print nothing on success', false)
    .parse()
    .opts<{ quiet: boolean }>();
  const built = await buildPackage();
  if (!options.quiet) console.log(`Built the package's dist/package/ in ${built.milliseconds} ms.`);
}
