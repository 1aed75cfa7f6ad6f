/**
 * The conformance report (Markdown) and the console summary of a suite run.
 */
import { coverage } from './coverage.ts';
import type { CheckResult, SuiteOutcome } from './run-suite.ts';

export function passed(outcome: SuiteOutcome): boolean {
  const ran = outcome.checks.filter((check) => check.state === 'passed' || check.state === 'failed');
  return outcome.errors.length === 0 && ran.length > 0 && ran.every((check) => check.state === 'passed');
}

function count(checks: CheckResult[], state: CheckResult['state']): number {
  return checks.filter((check) => check.state === state).length;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function coverageMatrix(outcome: SuiteOutcome): string {
  const { columns, rows, documentedCount, coveredCount } = coverage(outcome);
  const lines = [`| operation | ${columns.join(' | ')} |`, `| --- | ${columns.map(() => '---').join(' | ')} |`];
  for (const row of rows) {
    const cells = row.cells.map((cell) => {
      if (cell.seen === 0) return cell.documented ? '·' : '';
      const mark = cell.undocumented ? '✗ undocumented' : cell.broken > 0 ? `✗ ${cell.broken} broke the spec of` : '✓';
      return `${mark} ${cell.seen}`;
    });
    lines.push(`| ${escapeCell(row.label)} | ${cells.join(' | ')} |`);
  }
  return [
    `${coveredCount} of ${documentedCount} documented (operation, status) pairs were observed.`,
    '',
    'Legend: `✓ n` observed n times, every response conforming to the spec; `·` documented but not ' +
      'observed (503 outages cannot be provoked without a fault rule); `✗` a response broke the spec or its ' +
      'status is undocumented.',
    '',
    ...lines,
  ].join('\n');
}

export function markdownReport(outcome: SuiteOutcome, title: string): string {
  const { checks, settings } = outcome;
  const ok = passed(outcome);
  const out: string[] = [];
  out.push(`# ${title}`, '');
  out.push(`- Result: **${ok ? 'PASS' : 'FAIL'}**`);
  out.push(`- Server: \`${settings.baseUrl}\`${settings.viaProxy ? " (through Prism's validation proxy)" : ''}`);
  out.push(
    `- Level: \`${settings.level}\`` +
      (settings.level === 'core' ? ' (strict checks not selected)' : ' (core and strict checks)'),
  );
  out.push(`- Date: ${new Date().toISOString()}; duration ${(outcome.durationMs / 1000).toFixed(1)} s`);
  out.push(
    `- Checks: ${checks.length} in all; ${count(checks, 'passed')} passed, ${count(checks, 'failed')} ` +
      `failed, ${count(checks, 'skipped')} skipped, ${count(checks, 'not selected')} not selected`,
  );
  for (const level of ['core', 'strict'] as const) {
    const mine = checks.filter((check) => check.level === level);
    out.push(
      `  - ${level}: ${mine.length}; ${count(mine, 'passed')} passed, ${count(mine, 'failed')} failed, ` +
        `${count(mine, 'skipped')} skipped, ${count(mine, 'not selected')} not selected`,
    );
  }
  if (outcome.errors.length > 0) {
    out.push('', '## Errors outside the checks', '');
    for (const error of outcome.errors) out.push('```', error, '```');
  }
  out.push('', '## Coverage: operation × status', '', coverageMatrix(outcome));

  const failed = checks.filter((check) => check.state === 'failed');
  if (failed.length > 0) {
    out.push('', '## Failed checks', '');
    for (const check of failed)
      out.push(`### ${check.group} › ${check.name} (${check.level})`, '', '```', check.detail, '```', '');
  }
  const counterexamples = checks.filter((check) => check.counterexample);
  out.push('', '## Model-based lifecycle check', '');
  if (counterexamples.length === 0) {
    const model = checks.find((check) => check.file.includes('lifecycle-model'));
    out.push(model ? `${model.state}: no counterexample${model.modelNote ? `; ${model.modelNote}` : ''}.` : 'Not run.');
  } else {
    for (const check of counterexamples)
      out.push(
        `Shrunk counterexample${check.modelNote ? ` (${check.modelNote})` : ''}:`,
        '',
        '```',
        check.counterexample!,
        '```',
      );
  }
  const skipped = checks.filter((check) => check.state === 'skipped' || check.state === 'not selected');
  if (skipped.length > 0) {
    out.push('', '## Skipped and not selected checks', '', '| check | level | reason |', '| --- | --- | --- |');
    for (const check of skipped)
      out.push(`| ${escapeCell(`${check.group} › ${check.name}`)} | ${check.level} | ${escapeCell(check.detail)} |`);
  }
  out.push('', '## Every check', '');
  let group = '';
  for (const check of [...checks].sort((a, b) => a.group.localeCompare(b.group))) {
    if (check.group !== group) {
      group = check.group;
      out.push('', `### ${group || '(top level)'}`, '', '| check | level | result | ms |', '| --- | --- | --- | --- |');
    }
    const result =
      check.state === 'passed'
        ? '✓ passed'
        : check.state === 'failed'
          ? `✗ failed: ${escapeCell(firstLine(check.detail))}`
          : check.state;
    out.push(`| ${escapeCell(check.name)} | ${check.level} | ${result} | ${Math.round(check.durationMs)} |`);
  }
  return `${out.join('\n')}\n`;
}

export function consoleSummary(outcome: SuiteOutcome, label: string): string {
  const { checks } = outcome;
  const lines = [
    '',
    `== Contract suite: ${label} ==`,
    `   ${passed(outcome) ? 'PASS' : 'FAIL'}  ${checks.length} checks: ${count(checks, 'passed')} passed, ` +
      `${count(checks, 'failed')} failed, ${count(checks, 'skipped')} skipped, ` +
      `${count(checks, 'not selected')} not selected (${(outcome.durationMs / 1000).toFixed(1)} s)`,
  ];
  for (const level of ['core', 'strict'] as const) {
    const mine = checks.filter((check) => check.level === level);
    lines.push(
      `   ${level.padEnd(6)} ${count(mine, 'passed')} passed, ${count(mine, 'failed')} failed, ` +
        `${count(mine, 'skipped')} skipped, ${count(mine, 'not selected')} not selected`,
    );
  }
  for (const check of checks.filter((c) => c.state === 'failed'))
    lines.push(`   ✗ [${check.level}] ${check.group} › ${check.name}\n       ${firstLine(check.detail)}`);
  const reasons = new Map<string, number>();
  for (const check of checks.filter((c) => c.state === 'skipped'))
    reasons.set(check.detail, (reasons.get(check.detail) ?? 0) + 1);
  for (const [reason, n] of reasons) lines.push(`   skipped ${n}: ${reason}`);
  for (const error of outcome.errors) lines.push(`   error: ${firstLine(error)}`);
  return lines.join('\n');
}
