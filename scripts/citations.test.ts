/**
 * The rules live in the repository (docs/rules.md, the spec's descriptions, the docs beside them):
 * code, tests, docs and reports cite those, never a file or text outside the repository. This gate
 * fails on a citation of one (a notes file, "the seed", a shared/ path) and on any `*.md` named in
 * the tree that the tree does not hold.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';

const repo = new URL('../', import.meta.url).pathname;
const skipped = new Set(['node_modules', '.git', 'dist', 'reports', 'coverage', '.stryker-tmp']);
const scanned = /\.(ts|md|yaml|yml|js|mjs)$/;

/** Citations of texts that are not in the repository, by name. */
const outside: { pattern: RegExp; what: string }[] = [
  { pattern: /session-rules/i, what: 'session-rules (the rules are docs/rules.md)' },
  { pattern: /api-facts/i, what: 'api-facts (the published facts are docs/rules.md §2 to §5)' },
  { pattern: /tooling-notes/i, what: 'tooling-notes (tool notes belong in contracts/README.md or docs/)' },
  {
    pattern: /(^|\s)\(seed\)|\bthe seed (page|document|text|file|issue)\b|\bseed\.(md|txt)\b/i,
    what: '"the seed" as a source',
  },
  { pattern: /(^|[\s`'"(])\.{0,2}\/?shared\/[\w-]/, what: 'a shared/ path' },
];
/** Markdown files the tree names without holding them: written by the runner at run time. */
const generatedReports = /^(conformance|comparison|spec-drift)(-[\w-]+)?\.md$/;

function walk(directory: string, found: string[] = []): string[] {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (skipped.has(entry.name)) continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) walk(path, found);
    else if (scanned.test(entry.name)) found.push(path);
  }
  return found;
}

/** Every citation in `text` of something outside the repository, as sentences. */
export function outsideCitations(text: string, markdownInRepo: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  text.split('\n').forEach((line, index) => {
    for (const { pattern, what } of outside)
      if (pattern.test(line)) problems.push(`line ${index + 1} cites ${what}: ${line.trim().slice(0, 120)}`);
    for (const match of line.matchAll(/(?<![\w/.:-])((?:[\w.-]+\/)*[\w.-]+\.md)\b/g)) {
      const name = match[1]!;
      if (
        /^https?:/.test(
          line
            .slice(Math.max(0, match.index - 200), match.index)
            .split(/\s/)
            .pop() ?? '',
        )
      )
        continue;
      if (generatedReports.test(basename(name)) || markdownInRepo.has(basename(name))) continue;
      // A published document (a protocol's specification) is fine where the file gives its address.
      if (new RegExp(`https?://\\S+/${basename(name).replaceAll('.', '\\.')}`).test(text)) continue;
      problems.push(`line ${index + 1} names ${name}, which is not in the repository`);
    }
  });
  return problems;
}

describe('citations of the rules', () => {
  // This file names the forbidden citations itself, to find them.
  const files = walk(repo).filter((file) => file !== new URL(import.meta.url).pathname);
  const markdown = new Set(files.filter((file) => file.endsWith('.md')).map((file) => basename(file)));

  test('the gate finds a citation of a file outside the repository', () => {
    const sample = [
      '// kick answers 200 with no content (seed)',
      '// see session-rules.md §4',
      "'rule (api-facts.md)'",
      '// Prism serves paths without /v1 (tooling-notes.md)',
      '// from ../shared/notes',
      '// see docs/rules.md §5, contracts/README.md and conformance-prism.md',
      '// HubProtocol.md, "Message Types" (https://github.com/dotnet/aspnetcore/blob/main/HubProtocol.md)',
    ].join('\n');
    const problems = outsideCitations(sample, new Set(['rules.md', 'README.md']));
    expect(problems.map((problem) => problem.split(' ')[1])).toEqual(['1', '2', '2', '3', '3', '4', '4', '5']);
    expect(outsideCitations('// see NOTES.md', new Set()), 'a Markdown file the tree lacks').toEqual([
      'line 1 names NOTES.md, which is not in the repository',
    ]);
  });

  test('no file in the tree cites a text outside the repository', () => {
    const problems = files.flatMap((file) =>
      outsideCitations(readFileSync(file, 'utf8'), markdown).map((problem) => `${relative(repo, file)} ${problem}`),
    );
    expect(problems, `cite docs/rules.md or the spec instead:\n${problems.join('\n')}`).toEqual([]);
  });
});
