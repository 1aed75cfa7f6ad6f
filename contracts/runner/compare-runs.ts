/**
 * Fidelity between two servers (`--compare-with`): the same suite run against both, then every check
 * whose outcome differs, and per operation and status the answer fields whose presence or type differs
 * (the shapes recorded per exchange, suite/recorded-exchange.ts, merged over the whole run).
 */
import type { CheckResult, SuiteOutcome } from './run-suite.ts';

export interface OutcomeDifference {
  name: string;
  a: CheckResult['state'] | 'absent';
  b: CheckResult['state'] | 'absent';
  /** The first line of the failure message on the side that failed, when one did. */
  why: string;
}

export interface ShapeDifference {
  operation: string;
  status: number;
  /** A JSON path such as `$.expiresIn`, or `(no answer with this status)` when only one server gave it. */
  path: string;
  /** The types seen there, `|`-joined; undefined when the field never appeared on that side. */
  a: string | undefined;
  b: string | undefined;
}

export interface Comparison {
  labels: { a: string; b: string };
  outcomes: OutcomeDifference[];
  shapes: ShapeDifference[];
}

export const noAnswerPath = '(no answer with this status)';

function checkKey(check: CheckResult): string {
  return check.group ? `${check.group} › ${check.name}` : check.name;
}

/** operation -> status -> path -> set of types, over every exchange of the run. */
export function mergedShapes(outcome: SuiteOutcome): Map<string, Map<number, Map<string, Set<string>>>> {
  const merged = new Map<string, Map<number, Map<string, Set<string>>>>();
  for (const check of outcome.checks)
    for (const exchange of check.exchanges) {
      const operation = exchange.operationId ?? `${exchange.method} ${exchange.path.split('?')[0]}`;
      const statuses = merged.get(operation) ?? new Map<number, Map<string, Set<string>>>();
      const paths = statuses.get(exchange.status) ?? new Map<string, Set<string>>();
      for (const [path, types] of Object.entries(exchange.shape ?? {})) {
        const seen = paths.get(path) ?? new Set<string>();
        for (const type of types.split('|')) seen.add(type);
        paths.set(path, seen);
      }
      statuses.set(exchange.status, paths);
      merged.set(operation, statuses);
    }
  return merged;
}

const typesText = (types: Set<string> | undefined): string | undefined =>
  types ? [...types].sort().join('|') : undefined;

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

export function compareRuns(a: SuiteOutcome, b: SuiteOutcome, labels: { a: string; b: string }): Comparison {
  const byName = (outcome: SuiteOutcome) => new Map(outcome.checks.map((check) => [checkKey(check), check]));
  const checksA = byName(a);
  const checksB = byName(b);
  const outcomes: OutcomeDifference[] = [];
  for (const name of new Set([...checksA.keys(), ...checksB.keys()])) {
    const left = checksA.get(name);
    const right = checksB.get(name);
    if (left?.state === right?.state) continue;
    const failedOne = left?.state === 'failed' ? left : right?.state === 'failed' ? right : undefined;
    outcomes.push({
      name,
      a: left?.state ?? 'absent',
      b: right?.state ?? 'absent',
      why: failedOne ? firstLine(failedOne.detail) : (left?.detail ?? right?.detail ?? ''),
    });
  }

  const shapesA = mergedShapes(a);
  const shapesB = mergedShapes(b);
  const shapes: ShapeDifference[] = [];
  for (const operation of [...new Set([...shapesA.keys(), ...shapesB.keys()])].sort()) {
    const statusesA = shapesA.get(operation);
    const statusesB = shapesB.get(operation);
    const statuses = new Set([...(statusesA?.keys() ?? []), ...(statusesB?.keys() ?? [])]);
    for (const status of [...statuses].sort((x, y) => x - y)) {
      const pathsA = statusesA?.get(status);
      const pathsB = statusesB?.get(status);
      if (!pathsA || !pathsB) {
        shapes.push({
          operation,
          status,
          path: noAnswerPath,
          a: pathsA ? 'answered' : undefined,
          b: pathsB ? 'answered' : undefined,
        });
        continue;
      }
      for (const path of [...new Set([...pathsA.keys(), ...pathsB.keys()])].sort()) {
        const left = typesText(pathsA.get(path));
        const right = typesText(pathsB.get(path));
        if (left !== right) shapes.push({ operation, status, path, a: left, b: right });
      }
    }
  }
  outcomes.sort((x, y) => x.name.localeCompare(y.name));
  return { labels, outcomes, shapes };
}

export function differs(comparison: Comparison): boolean {
  return comparison.outcomes.length > 0 || comparison.shapes.length > 0;
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

export function comparisonMarkdown(comparison: Comparison): string {
  const { labels, outcomes, shapes } = comparison;
  const out = [
    '# Comparison of two servers',
    '',
    `- A: \`${labels.a}\``,
    `- B: \`${labels.b}\``,
    `- ${outcomes.length} checks with a different outcome; ${shapes.length} answer fields that differ ` +
      '(per operation and status, a field present on one side only or with other types)',
    '',
    '## Checks whose outcome differs',
    '',
  ];
  if (outcomes.length === 0) out.push('None.');
  else {
    out.push('| check | A | B | why |', '| --- | --- | --- | --- |');
    for (const difference of outcomes)
      out.push(`| ${cell(difference.name)} | ${difference.a} | ${difference.b} | ${cell(difference.why)} |`);
  }
  out.push('', '## Answer fields that differ', '');
  if (shapes.length === 0) out.push('None.');
  else {
    out.push('| operation | status | field | A | B |', '| --- | --- | --- | --- | --- |');
    for (const difference of shapes)
      out.push(
        `| ${cell(difference.operation)} | ${difference.status} | \`${cell(difference.path)}\` | ` +
          `${cell(difference.a ?? 'absent')} | ${cell(difference.b ?? 'absent')} |`,
      );
  }
  return `${out.join('\n')}\n`;
}

export function comparisonConsole(comparison: Comparison): string {
  const { labels, outcomes, shapes } = comparison;
  const lines = ['', `== Comparison: A ${labels.a} / B ${labels.b} ==`];
  if (!differs(comparison))
    lines.push('   no difference: every check had the same outcome, every answer the same fields');
  for (const difference of outcomes)
    lines.push(`   outcome  ${difference.name}\n            A ${difference.a}, B ${difference.b}: ${difference.why}`);
  for (const difference of shapes)
    lines.push(
      `   field    ${difference.operation} ${difference.status} ${difference.path}: ` +
        `A ${difference.a ?? 'absent'}, B ${difference.b ?? 'absent'}`,
    );
  return lines.join('\n');
}
