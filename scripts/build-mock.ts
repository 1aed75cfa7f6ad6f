/**
 * `npm run build` (and before `npm start`): bundles the mock into dist/ with esbuild,
 * so that it starts in a fraction of the time tsx needs to compile mock/ and spec/
 * on each start. The documents of spec/ go into the bundle already parsed
 * (spec/api-description.ts `readSpecDocument`); files the mock reads at run time
 * (scenarios, the AsyncAPI document, Scalar's bundle) stay where they are, found
 * relative to the bundle.
 *   npx tsx scripts/build-mock.ts [--out-dir dist] [--quiet]
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { build, type Plugin } from 'esbuild';
import { parse as parseYaml } from 'yaml';
import { repoRoot as root } from '../contracts/runner/repo-root.ts';

const specDir = path.join(root, 'spec');

/** The file `npm start` runs. */
const bundleEntry = 'mock.mjs';

/**
 * In a bundle, `import.meta.url` names the bundle, not the source file. For our own
 * sources it is replaced by the source file's URL relative to the bundle, so paths
 * built on it (spec/, mock/scenarios/, node_modules/) still resolve, wherever the
 * checkout lies.
 */
export function sourceRelativeImportMetaUrl(outDir: string): Plugin {
  return {
    name: 'source-relative-import-meta-url',
    setup(builder) {
      builder.onLoad({ filter: /\.ts$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        // A package stand-in (*.package.ts, scripts/build-package.ts) is written for the bundle's own place.
        const ownPlace = args.path.endsWith('.package.ts');
        if (args.path.includes(`${path.sep}node_modules${path.sep}`) || ownPlace || !text.includes('import.meta.url'))
          return { contents: text, loader: 'ts' };
        const relative = path.relative(outDir, args.path).split(path.sep).join('/');
        return {
          contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(relative)}, import.meta.url).href`),
          loader: 'ts',
        };
      });
    },
  };
}

/** spec/*.yaml as JSON text by file name, for `__SPEC_DOCUMENTS__`. */
export function specDocuments(): Record<string, string> {
  const documents: Record<string, string> = {};
  for (const file of readdirSync(specDir).filter((name) => name.endsWith('.yaml'))) {
    documents[file] = JSON.stringify(parseYaml(readFileSync(path.join(specDir, file), 'utf8')));
  }
  return documents;
}

/** Some dependencies are CommonJS and require Node's built-ins. */
export const requireBanner =
  "import { createRequire as __createRequire } from 'node:module'; const require = " +
  '__createRequire(import.meta.url);';

/** Writes esbuild's output files, each beside its place first, then renamed over it. */
export function writeOutputs(outputFiles: readonly { path: string; contents: Uint8Array }[]): void {
  for (const output of outputFiles) {
    mkdirSync(path.dirname(output.path), { recursive: true });
    // Written beside, then renamed over: a mock starting meanwhile reads the old file or the new one,
    // never half of one.
    const partial = `${output.path}.${process.pid}.partial`;
    writeFileSync(partial, output.contents);
    renameSync(partial, output.path);
  }
}

export async function buildMock(outDir: string): Promise<{ file: string; bytes: number; milliseconds: number }> {
  const started = performance.now();
  const result = await build({
    entryPoints: { mock: path.join(root, 'mock/main.ts') },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // Chunks loaded on first use (viem, for wallet proofs) stay out of the
    // start-up path. Their names carry a hash of their content and no build
    // deletes one, so a second `npm start` rebuilding dist/ never pulls a chunk
    // from under a mock that is still running.
    splitting: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    // Less to parse at each start; identifiers keep their names (stack traces, plugin names).
    minifyWhitespace: true,
    minifySyntax: true,
    banner: { js: requireBanner },
    // esbuild cannot be bundled (it runs its own binary); the dashboard imports it on first use (mock/dashboard).
    external: ['esbuild'],
    define: { __SPEC_DOCUMENTS__: JSON.stringify(specDocuments()) },
    plugins: [sourceRelativeImportMetaUrl(outDir)],
    logLevel: 'warning',
  });
  mkdirSync(outDir, { recursive: true });
  writeOutputs(result.outputFiles);
  const file = path.join(outDir, bundleEntry);
  return { file, bytes: statSync(file).size, milliseconds: Math.round(performance.now() - started) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const options = new Command('build-mock')
    .description(
      'Bundle the mock (mock/main.ts) into one ES module for a fast start: node <out-dir>/mock.mjs [mock options].',
    )
    .option('--out-dir <dir>', 'where the bundle goes (mock.mjs, its chunks, their source maps)', 'dist')
    .option('--quiet', 'print nothing on success', false)
    .parse()
    .opts<{ outDir: string; quiet: boolean }>();
  const built = await buildMock(path.resolve(root, options.outDir));
  if (!options.quiet)
    console.log(
      `Built ${path.relative(root, built.file)} (${(built.bytes / 1024).toFixed(0)} KiB) in ${built.milliseconds} ms.`,
    );
}
