/**
 * In the package: the dashboard's three files, built by scripts/build-package.ts
 * into dashboard/ beside the mock's bundle (the package has neither the sources
 * nor esbuild). Stands in for assets.ts there.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { DashboardAssets } from '../core/control-operations.ts';
import { servedOnce } from './assets.ts';

const built = (name: string) => () => readFile(fileURLToPath(new URL(`./dashboard/${name}`, import.meta.url)), 'utf8');

export function createDashboardAssets(): DashboardAssets {
  return servedOnce({
    'index.html': { contentType: 'text/html; charset=utf-8', load: built('index.html') },
    'app.css': { contentType: 'text/css; charset=utf-8', load: built('app.css') },
    'app.js': { contentType: 'text/javascript; charset=utf-8', load: built('app.js') },
  });
}
