/**
 * Bundles the mock's MSW handlers (mock/msw) for browsers with esbuild: the spec
 * and the shipped scenarios built in, the request validators compiled ahead of
 * time (spec/precompile.ts), so the bundle runs no `eval` or `new Function` and
 * needs no Node built-in; `msw` stays an import (the app's own copy). The bundle
 * runs in Node 20 too (WebCrypto and fetch are global there).
 *   npx tsx scripts/build-msw.ts [--out-dir dist/msw] [--quiet]
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Command } from 'commander';
import { analyzeMetafile, build, type Plugin } from 'esbuild';
import { faker as englishFaker } from '@faker-js/faker/locale/en';
import { parse as parseYaml } from 'yaml';
import { repoRoot as root } from '../contracts/runner/repo-root.ts';
import { ApiDescription, mockControlFile, sessionApiFile } from '../spec/index.ts';
import { precompile } from '../spec/precompile.ts';

const virtualModule = 'virtual:session-api-mock/precompiled';
const scenariosDir = path.join(root, 'mock/scenarios');

/** The module mock/msw/platform.browser.ts imports: documents, validators and scenarios, made now. */
function precompiledModule(): string {
  const { validatorsCode, documents } = precompile({
    api: { description: ApiDescription.fromFile(sessionApiFile, 'session-api'), schemas: [] },
    // readSnapshot (mock/core/snapshot.ts) checks these two by name.
    control: {
      description: ApiDescription.fromFile(mockControlFile, 'mock-control'),
      schemas: ['Snapshot', 'SnapshotV1'],
    },
  });
  const scenarios = Object.fromEntries(
    readdirSync(scenariosDir)
      .filter((file) => file.endsWith('.yaml'))
      .map((file) => [path.basename(file, '.yaml'), parseYaml(readFileSync(path.join(scenariosDir, file), 'utf8'))]),
  );
  // Ajv's standalone code is CommonJS (its keys are no identifiers); esbuild bundles it and its require()s.
  return [
    `const module = { exports: {} }; const exports = module.exports;`,
    `(function (module, exports) {\n${validatorsCode}\n})(module, exports);`,
    `export const validators = module.exports;`,
    `export const documents = ${JSON.stringify(documents)};`,
    `export const scenarios = ${JSON.stringify(scenarios)};`,
  ].join('\n');
}

/**
 * mock/services/random.ts's faker with only the English words it draws from (adjectives, animal types):
 * the whole English locale would triple the bundle. Same lists, same draws: a seed gives what it gives the server.
 */
function englishWordsModule(): string {
  const { word, animal } = englishFaker.rawDefinitions;
  const locale = { word: { adjective: word?.adjective }, animal: { type: animal?.type } };
  return [
    `import { Faker } from '@faker-js/faker';`,
    `export const faker = new Faker({ locale: [${JSON.stringify(locale)}] });`,
  ].join('\n');
}

/**
 * wallet-proof.ts loads viem on first use, whole; here only the one function it calls,
 * so the bundle keeps the signature recovery and drops the rest of viem.
 */
const viemRecoverModule = `export { recoverMessageAddress } from 'viem';`;

/** The browser's platform parts in place of the Node ones, and the generated modules. */
function browserPlatform(): Plugin {
  return {
    name: 'msw-browser-platform',
    setup(builder) {
      builder.onResolve({ filter: /^\.\/platform\.ts$/ }, (args) =>
        args.importer.endsWith(path.join('mock', 'msw', 'index.ts'))
          ? { path: path.join(path.dirname(args.importer), 'platform.browser.ts') }
          : undefined,
      );
      builder.onResolve({ filter: new RegExp(`^${virtualModule}$`) }, () => ({
        path: virtualModule,
        namespace: 'msw',
      }));
      builder.onResolve({ filter: /^@faker-js\/faker\/locale\/en$/ }, (args) =>
        args.importer.endsWith(path.join('services', 'random.ts'))
          ? { path: 'english-words', namespace: 'msw' }
          : undefined,
      );
      builder.onResolve({ filter: /^viem$/ }, (args) =>
        args.importer.endsWith(path.join('services', 'wallet-proof.ts'))
          ? { path: 'viem-recover', namespace: 'msw' }
          : undefined,
      );
      const modules: Record<string, () => string> = {
        [virtualModule]: precompiledModule,
        'english-words': englishWordsModule,
        'viem-recover': () => viemRecoverModule,
      };
      builder.onLoad({ filter: /.*/, namespace: 'msw' }, (args) => ({
        contents: modules[args.path]!(),
        loader: 'js',
        resolveDir: root,
      }));
    },
  };
}

export interface MswBundle {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export async function buildMsw(outDir: string, options: { sourcemap?: boolean } = {}): Promise<MswBundle> {
  const file = path.join(outDir, 'index.js');
  const result = await build({
    entryPoints: [path.join(root, 'mock/msw/index.ts')],
    outfile: file,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome111', 'firefox111', 'safari16.4'],
    // The app's own msw: handlers must come from the copy its setupWorker or setupServer uses.
    external: ['msw'],
    minify: true,
    sourcemap: options.sourcemap === false ? false : 'linked',
    legalComments: 'linked',
    // viem's chunk for wallet proofs is inlined: one file is easier to serve from any app.
    splitting: false,
    metafile: true,
    plugins: [browserPlatform()],
    logLevel: 'warning',
  });
  const code = readFileSync(file);
  if (result.errors.length > 0) throw new Error(`esbuild failed: ${result.errors.map((e) => e.text).join('; ')}`);
  if (process.env.MSW_BUILD_ANALYZE) console.log(await analyzeMetafile(result.metafile));
  return { file, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (isMain) {
  const options = new Command()
    .name('npx tsx scripts/build-msw.ts')
    .description("Bundle the mock's MSW handlers for browsers (mock/msw).")
    .option('--out-dir <dir>', 'where index.js goes', 'dist/msw')
    .option('--quiet', 'print nothing but errors')
    .parse()
    .opts<{ outDir: string; quiet?: boolean }>();
  const bundle = await buildMsw(path.resolve(options.outDir));
  if (!options.quiet) {
    const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
    console.log(`${path.relative(process.cwd(), bundle.file)}: ${kib(bundle.bytes)}, ${kib(bundle.gzipBytes)} gzipped`);
  }
}
