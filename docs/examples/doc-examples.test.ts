/** docs/frontend-kit.md quotes the example files whole, so what a reader copies is what CI runs. */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** Every block the page marks with `<!-- quoted from FILE -->`, by file. */
function quotedBlocks(markdown: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const match of markdown.matchAll(/<!-- quoted from (\S+) -->\n```(?:ts|js)\n([\s\S]*?)```\n/g))
    blocks.set(match[1]!, match[2]!);
  return blocks;
}

describe('docs/frontend-kit.md', () => {
  const blocks = quotedBlocks(read('docs/frontend-kit.md'));

  test.each([
    'docs/examples/vitest-namespaces.test.ts',
    'docs/examples/playwright-fixture.ts',
    'docs/examples/msw-worker.ts',
    'docs/examples/msw-vitest.test.ts',
    'docs/examples/installed/start-and-drive.mjs',
    'docs/examples/installed/app-types.ts',
  ])('quotes %s exactly as it is', (file) => {
    expect(blocks.has(file), `no block quoted from ${file}`).toBe(true);
    expect(blocks.get(file)).toBe(read(file));
  });
});
