/**
 * The conformance report as one self-contained HTML page: inline CSS, no script, nothing fetched
 * (a Content-Security-Policy of default-src 'none' says so to the browser). The verdict first, then the
 * failed checks with their request, answer and rule, the operation × status grid, the model-based check,
 * the timings and every check. Every text from a run (names, bodies, headers) goes through `escapeHtml`.
 */
import type { RecordedExchange } from '../suite/recorded-exchange.ts';
import type { Comparison } from './compare-runs.ts';
import { coverage, type CoverageCell } from './coverage.ts';
import { passed } from './report.ts';
import type { CheckResult, SuiteOutcome } from './run-suite.ts';

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Tagged template: every interpolated value is escaped unless it is already Html. */
class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Part = Html | string | number | undefined | null | false | Part[];

function render(part: Part): string {
  if (part === undefined || part === null || part === false) return '';
  if (Array.isArray(part)) return part.map(render).join('');
  if (part instanceof Html) return part.text;
  return escapeHtml(String(part));
}

function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]!;
  values.forEach((value, index) => {
    out += render(value) + strings[index + 1]!;
  });
  return new Html(out);
}

const styles = `
:root { --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --muted: #57606a; --line: #d0d7de; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; margin: 0 auto;
  max-width: 78rem; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; } h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid
  var(--line); padding-bottom: .25rem; } h3 { font-size: 1rem; margin: 0 0 .5rem; overflow-wrap: anywhere; }
.verdict { border-radius: 8px; padding: 1rem 1.25rem; color: #fff; }
.verdict.pass { background: var(--pass); } .verdict.fail { background: var(--fail); }
.verdict .word { font-size: 2rem; font-weight: 700; letter-spacing: .05em; margin: 0; }
.verdict dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .5rem 0 0; }
.verdict dt { font-weight: 600; } .verdict dd { margin: 0; overflow-wrap: anywhere; }
nav { margin: .75rem 0; font-size: .9rem; } nav a { margin-right: 1rem; }
pre { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: .5rem .75rem; margin: .25rem 0;
  white-space: pre-wrap; overflow-wrap: anywhere; font: 13px/1.45 ui-monospace, "SFMono-Regular", Menlo, monospace; }
.failure { border: 1px solid var(--line); border-left: 6px solid var(--fail); border-radius: 6px; padding: .75rem 1rem;
  margin: 1rem 0; break-inside: avoid-page; }
.failure dl { display: grid; grid-template-columns: 8rem 1fr; gap: .25rem 1rem; margin: 0; }
.failure dt { font-weight: 600; color: var(--muted); } .failure dd { margin: 0; min-width: 0; }
.meta { color: var(--muted); font-size: .85rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; }
th { background: var(--bg); }
table.grid td.cell { text-align: center; font-weight: 600; white-space: nowrap; }
td.ok { background: #dafbe1; color: #116329; } td.broken, td.undocumented { background: #ffebe9; color: #a40e26; }
td.missing { background: #fff8c5; color: var(--warn); } td.empty { background: #fff; }
.legend span { display: inline-block; padding: 0 .5rem; margin-right: .5rem; border: 1px solid var(--line); }
.state-passed { color: var(--pass); } .state-failed { color: var(--fail); font-weight: 600; }
.state-skipped, .state-not-selected { color: var(--muted); }
.diff-only { color: var(--warn); }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; } nav { display: none; }
  .verdict, td.ok, td.broken, td.undocumented, td.missing { print-color-adjust: exact;
    -webkit-print-color-adjust: exact; }
  h2 { break-after: avoid; } tr, .failure { break-inside: avoid; } a { color: inherit; text-decoration: none; }
}
`;

function count(checks: CheckResult[], state: CheckResult['state']): number {
  return checks.filter((check) => check.state === state).length;
}

function fullName(check: CheckResult): string {
  return check.group ? `${check.group} › ${check.name}` : check.name;
}

/** The rule a failure names (`rule: ...` in the message, see contracts/client/describe.ts), else the check itself. */
function ruleOf(check: CheckResult): string {
  const rules = [...check.detail.matchAll(/^\s*rule:\s*(.+)$/gm)].map((match) => match[1]!.trim());
  return rules.length > 0 ? rules.join('\n') : `${check.name} (the check's own sentence)`;
}

/** The exchange a failure is about: the one its message opens with (`METHOD URL -> status`), else the last. */
function failingExchange(check: CheckResult): RecordedExchange | undefined {
  const opening = /^(\w+) (\S+) -> (\d{3})/m.exec(check.detail);
  if (opening) {
    const [, method, url, status] = opening;
    const found = [...check.exchanges]
      .reverse()
      .find((exchange) => exchange.method === method && exchange.url === url && exchange.status === Number(status));
    if (found) return found;
  }
  return check.exchanges.findLast((exchange) => exchange.violations.length > 0) ?? check.exchanges.at(-1);
}

function headerLines(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
}

function exchangeParts(exchange: RecordedExchange): Html {
  const request = [
    `${exchange.method} ${exchange.url}`,
    headerLines(exchange.requestHeaders),
    exchange.requestBody === undefined ? '' : `\n${exchange.requestBody}`,
  ]
    .filter((line) => line !== '')
    .join('\n');
  const response = [
    `${exchange.status} (${exchange.durationMs} ms)`,
    headerLines(exchange.responseHeaders),
    exchange.responseBody === '' ? '' : `\n${exchange.responseBody}`,
  ]
    .filter((line) => line !== '')
    .join('\n');
  return html`<dt>Request</dt>
    <dd><pre class="request">${request}</pre></dd>
    <dt>Response</dt>
    <dd><pre class="response">${response}</pre></dd>
    ${
      exchange.violations.length > 0
        ? html`<dt>Breaks the spec</dt>
            <dd><pre>${exchange.violations.join('\n')}</pre></dd>`
        : ''
    }`;
}

function failureArticle(check: CheckResult): Html {
  const exchange = failingExchange(check);
  const others = check.exchanges.filter((other) => other !== exchange);
  return html`<article class="failure">
    <h3>${fullName(check)}</h3>
    <p class="meta">${check.level} · ${check.file} · ${Math.round(check.durationMs)} ms</p>
    <dl>
      <dt>Rule</dt>
      <dd class="rule">${ruleOf(check)}</dd>
      <dt>What failed</dt>
      <dd><pre class="message">${check.detail}</pre></dd>
      ${
        exchange
          ? exchangeParts(exchange)
          : html`<dt>Request</dt>
              <dd>none recorded (the check failed before a request)</dd>`
      }
      ${
        others.length > 0
          ? html`<dt>Other requests</dt>
              <dd>
                <pre>${others.map((other) => `${other.method} ${other.path} -> ${other.status}`).join('\n')}</pre>
              </dd>`
          : ''
      }
    </dl>
  </article>`;
}

function cellText(cell: CoverageCell): { className: string; text: string; title: string } {
  if (cell.seen === 0)
    return cell.documented
      ? { className: 'missing', text: '·', title: `${cell.status}: documented, not observed` }
      : { className: 'empty', text: '', title: `${cell.status}: not documented, not observed` };
  if (cell.undocumented)
    return { className: 'undocumented', text: `✗ ${cell.seen}`, title: `${cell.status}: observed, undocumented` };
  if (cell.broken > 0)
    return {
      className: 'broken',
      text: `✗ ${cell.broken}/${cell.seen}`,
      title: `${cell.status}: ${cell.broken} of ${cell.seen} answers broke the spec`,
    };
  return {
    className: 'ok',
    text: `✓ ${cell.seen}`,
    title: `${cell.status}: observed ${cell.seen} times, all conforming`,
  };
}

function coverageGrid(outcome: SuiteOutcome): Html {
  const { columns, rows, documentedCount, coveredCount } = coverage(outcome);
  return html`<p>${coveredCount} of ${documentedCount} documented (operation, status) pairs were observed.</p>
    <p class="legend">
      <span class="ok" style="background:#dafbe1">✓ n</span>observed n times, every answer conforming
      <span style="background:#ffebe9">✗</span>an answer broke the spec, or its status is undocumented
      <span style="background:#fff8c5">·</span>documented, not observed
    </p>
    <table class="grid">
      <thead>
        <tr>
          <th>operation</th>
          ${columns.map((status) => html`<th>${status}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (row) =>
            html`<tr>
              <th scope="row">${row.label}</th>
              ${row.cells.map((cell) => {
                const { className, text, title } = cellText(cell);
                return html`<td
                  class="cell ${className}"
                  data-operation="${row.operationId}"
                  data-status="${cell.status}"
                  title="${title}"
                >
                  ${text}
                </td>`;
              })}
            </tr>`,
        )}
      </tbody>
    </table>`;
}

function modelSection(checks: CheckResult[]): Html {
  const counterexamples = checks.filter((check) => check.counterexample);
  if (counterexamples.length > 0)
    return html`${counterexamples.map(
      (check) =>
        html`<p>${fullName(check)}: shrunk counterexample${check.modelNote ? ` (${check.modelNote})` : ''}:</p>
          <pre class="counterexample">${check.counterexample}</pre>`,
    )}`;
  const model = checks.find((check) => check.file.includes('lifecycle-model'));
  return html`<p>
    ${model ? `${model.state}: no counterexample${model.modelNote ? `; ${model.modelNote}` : ''}.` : 'Not run.'}
  </p>`;
}

function timings(outcome: SuiteOutcome): Html {
  const byFile = new Map<string, { ms: number; checks: number }>();
  for (const check of outcome.checks) {
    const entry = byFile.get(check.file) ?? { ms: 0, checks: 0 };
    entry.ms += check.durationMs;
    entry.checks += 1;
    byFile.set(check.file, entry);
  }
  const slowest = [...outcome.checks].sort((a, b) => b.durationMs - a.durationMs).slice(0, 10);
  return html`<p>
      The run took ${(outcome.durationMs / 1000).toFixed(1)} s (files may run side by side, so the sums below can exceed
      it).
    </p>
    <table>
      <thead>
        <tr>
          <th>file</th>
          <th>checks</th>
          <th>time in checks (ms)</th>
        </tr>
      </thead>
      <tbody>
        ${[...byFile]
          .sort((a, b) => b[1].ms - a[1].ms)
          .map(
            ([file, entry]) =>
              html`<tr>
                <td>${file}</td>
                <td>${entry.checks}</td>
                <td>${Math.round(entry.ms)}</td>
              </tr>`,
          )}
      </tbody>
    </table>
    <h3 style="margin-top:1rem">The slowest checks</h3>
    <table>
      <thead>
        <tr>
          <th>check</th>
          <th>ms</th>
        </tr>
      </thead>
      <tbody>
        ${slowest.map(
          (check) =>
            html`<tr>
              <td>${fullName(check)}</td>
              <td>${Math.round(check.durationMs)}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

function comparisonSection(comparison: Comparison): Html {
  const { outcomes, shapes, labels } = comparison;
  return html`<p>
      ${labels.a} against ${labels.b}: ${outcomes.length} checks with a different outcome, ${shapes.length} (operation,
      status) answers whose fields differ.
    </p>
    ${
      outcomes.length > 0
        ? html`<table class="outcomes">
            <thead>
              <tr>
                <th>check</th>
                <th>${labels.a}</th>
                <th>${labels.b}</th>
              </tr>
            </thead>
            <tbody>
              ${outcomes.map(
                (difference) =>
                  html`<tr>
                    <td>${difference.name}</td>
                    <td class="state-${difference.a.replace(' ', '-')}">${difference.a}</td>
                    <td class="state-${difference.b.replace(' ', '-')}">${difference.b}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : ''
    }
    ${
      shapes.length > 0
        ? html`<table class="shapes">
            <thead>
              <tr>
                <th>operation</th>
                <th>status</th>
                <th>field</th>
                <th>${labels.a}</th>
                <th>${labels.b}</th>
              </tr>
            </thead>
            <tbody>
              ${shapes.map(
                (difference) =>
                  html`<tr>
                    <td>${difference.operation}</td>
                    <td>${difference.status}</td>
                    <td>${difference.path}</td>
                    <td>${difference.a ?? 'absent'}</td>
                    <td>${difference.b ?? 'absent'}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : ''
    }`;
}

export interface HtmlReportOptions {
  title: string;
  /** When the run was compared with another server (--compare-with). */
  comparison?: Comparison;
  /** When the report was written; a parameter so that a test can fix it. */
  date?: Date;
}

export function htmlReport(outcome: SuiteOutcome, options: HtmlReportOptions): string {
  const { checks, settings } = outcome;
  const ok = passed(outcome);
  const failed = checks.filter((check) => check.state === 'failed');
  const skipped = checks.filter((check) => check.state === 'skipped' || check.state === 'not selected');
  const levelLine = (level: 'core' | 'strict') => {
    const mine = checks.filter((check) => check.level === level);
    return (
      `${mine.length}; ${count(mine, 'passed')} passed, ${count(mine, 'failed')} failed, ` +
      `${count(mine, 'skipped')} skipped, ${count(mine, 'not selected')} not selected`
    );
  };
  const levelNote = settings.level === 'core' ? ' (strict checks not selected)' : ' (core and strict checks)';
  const sorted = [...checks].sort((a, b) => fullName(a).localeCompare(fullName(b)));
  const page = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'" />
        <title>${ok ? 'PASS' : 'FAIL'}: ${options.title}</title>
        <style>
          ${new Html(styles)}
        </style>
      </head>
      <body>
        <header class="verdict ${ok ? 'pass' : 'fail'}" id="verdict">
          <p class="word">${ok ? 'PASS' : 'FAIL'}</p>
          <h1>${options.title}</h1>
          <dl>
            <dt>Server</dt>
            <dd>${settings.baseUrl}${settings.viaProxy ? " (through Prism's validation proxy)" : ''}</dd>
            <dt>Level</dt>
            <dd>${settings.level}${levelNote}</dd>
            <dt>Checks</dt>
            <dd>
              ${checks.length} in all: ${count(checks, 'passed')} passed, ${count(checks, 'failed')} failed,
              ${count(checks, 'skipped')} skipped, ${count(checks, 'not selected')} not selected
            </dd>
            <dt>core</dt>
            <dd>${levelLine('core')}</dd>
            <dt>strict</dt>
            <dd>${levelLine('strict')}</dd>
            <dt>Date</dt>
            <dd>
              ${(options.date ?? new Date()).toISOString()}; the run took ${(outcome.durationMs / 1000).toFixed(1)} s
            </dd>
          </dl>
        </header>
        <nav>
          <a href="#failures">Failed checks (${failed.length})</a
          >${options.comparison ? html`<a href="#comparison">Comparison</a>` : ''}<a href="#coverage"
            >Operation × status</a
          ><a href="#model">Model-based check</a><a href="#timings">Timings</a
          ><a href="#skipped">Skipped (${skipped.length})</a><a href="#checks">Every check</a>
        </nav>
        ${
          outcome.errors.length > 0
            ? html`<section id="errors">
                <h2>Errors outside the checks</h2>
                ${outcome.errors.map((error) => html`<pre>${error}</pre>`)}
              </section>`
            : ''
        }
        <section id="failures">
          <h2>Failed checks (${failed.length})</h2>
          ${failed.length > 0 ? failed.map(failureArticle) : html`<p>No check failed.</p>`}
        </section>
        ${
          options.comparison
            ? html`<section id="comparison">
                <h2>Comparison of two servers</h2>
                ${comparisonSection(options.comparison)}
              </section>`
            : ''
        }
        <section id="coverage">
          <h2>Coverage: operation × status</h2>
          ${coverageGrid(outcome)}
        </section>
        <section id="model">
          <h2>Model-based lifecycle check</h2>
          ${modelSection(checks)}
        </section>
        <section id="timings">
          <h2>Timings</h2>
          ${timings(outcome)}
        </section>
        <section id="skipped">
          <h2>Skipped and not selected checks (${skipped.length})</h2>
          ${
            skipped.length > 0
              ? html`<table>
                  <thead>
                    <tr>
                      <th>check</th>
                      <th>level</th>
                      <th>reason</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${skipped.map(
                      (check) =>
                        html`<tr>
                          <td>${fullName(check)}</td>
                          <td>${check.level}</td>
                          <td>${check.detail}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>`
              : html`<p>None.</p>`
          }
        </section>
        <section id="checks">
          <h2>Every check (${checks.length})</h2>
          <table>
            <thead>
              <tr>
                <th>check</th>
                <th>level</th>
                <th>result</th>
                <th>ms</th>
              </tr>
            </thead>
            <tbody>
              ${sorted.map(
                (check) =>
                  html`<tr>
                    <td>${fullName(check)}</td>
                    <td>${check.level}</td>
                    <td class="state-${check.state.replace(' ', '-')}">${check.state}</td>
                    <td>${Math.round(check.durationMs)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </section>
      </body>
    </html> `;
  return page.text;
}
