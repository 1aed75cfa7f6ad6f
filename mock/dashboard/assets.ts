/**
 * The dashboard's files for GET /__mock/ui (mock/core/control-operations.ts
 * serves them): the page, its style sheet, and its script, which esbuild bundles
 * from mock/dashboard/client/ on the first request and keeps (no UI library,
 * nothing from the network). Found relative to this file, so the bundled mock
 * (scripts/build-mock.ts) reads the same sources. The package has no sources and
 * no esbuild: it ships the three files built (assets.package.ts).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DashboardAssets } from '../core/control-operations.ts';

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));

/** The names the page asks for, and where each comes from. */
const files: DashboardFiles = {
  'index.html': { contentType: 'text/html; charset=utf-8', load: () => readFile(here('./index.html'), 'utf8') },
  'app.css': { contentType: 'text/css; charset=utf-8', load: () => readFile(here('./client/styles.css'), 'utf8') },
  'app.js': { contentType: 'text/javascript; charset=utf-8', load: bundleClient },
};

/** The page's script: one ES module for current browsers, built by esbuild (imported on first use: it is large). */
export async function bundleClient(): Promise<string> {
  // Resolved from this source file, so the bundled mock finds it wherever its bundle lies (scripts/build-mock.ts).
  const esbuild = pathToFileURL(createRequire(import.meta.url).resolve('esbuild')).href;
  const { build } = (await import(esbuild)) as typeof import('esbuild');
  const result = await build({
    entryPoints: [here('./client/main.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

export function createDashboardAssets(): DashboardAssets {
  return servedOnce(files);
}

/** The three files as the dashboard's names map them, and where each is read from. */
export type DashboardFiles = Record<string, { contentType: string; load: () => Promise<string> }>;

/** Serves `files`, each loaded once on first request. */
export function servedOnce(files: DashboardFiles): DashboardAssets {
  const loaded = new Map<string, Promise<string>>();
  return {
    read: async (name) => {
      const file = Object.hasOwn(files, name) ? files[name] : undefined;
      if (!file) return undefined;
      let body = loaded.get(name);
      if (!body) {
        body = file.load();
        loaded.set(name, body);
        // A failed build is tried again on the next request, not kept.
        body.catch(() => loaded.delete(name));
      }
      return { contentType: file.contentType, body: await body };
    },
  };
}
