/**
 * The HTML report shows whatever a run brought back as text: a check name, a failure message, a body or a
 * header that holds markup is shown, never run, and the page fetches nothing.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, type TestBrowser } from '../../mock/testing/browser.ts';
import type { RecordedExchange } from '../suite/recorded-exchange.ts';
import { compareRuns } from './compare-runs.ts';
import { escapeHtml, htmlReport } from './html-report.ts';
import type { CheckResult, SuiteOutcome } from './run-suite.ts';

const hostile = `<script>window.__ran = (window.__ran || 0) + 1</script><img src="http://127.0.0.1:9/x.png" onerror="window.__ran = 99">`;

function exchange(overrides: Partial<RecordedExchange> = {}): RecordedExchange {
  return {
    operationId: 'createSession',
    method: 'POST',
    path: '/session',
    url: 'http://127.0.0.1:4010/v1/session',
    status: 200,
    violations: [`body/expiresIn must be integer ${hostile}`],
    durationMs: 3,
    requestHeaders: { 'content-type': 'application/json', 'x-evil': hostile },
    requestBody: `{"name":"${hostile}"}`,
    responseHeaders: { 'content-type': 'application/json' },
    responseBody: `{"expiresIn":"3600","note":"${hostile}"}`,
    shape: { $: 'object', '$.expiresIn': 'string' },
    ...overrides,
  };
}

function check(overrides: Partial<CheckResult>): CheckResult {
  return {
    name: 'a check',
    group: 'POST /session',
    file: 'contracts/suite/create-session.test.ts',
    level: 'core',
    tags: ['core'],
    state: 'passed',
    detail: '',
    durationMs: 12,
    exchanges: [],
    counterexample: undefined,
    modelNote: undefined,
    ...overrides,
  };
}

function outcome(checks: CheckResult[]): SuiteOutcome {
  return {
    checks,
    errors: [`an error outside the checks ${hostile}`],
    durationMs: 1234,
    settings: {
      baseUrl: 'http://127.0.0.1:4010/v1',
      apiKey: 'mock-api-key',
      level: 'core',
      rate: undefined,
      timeoutMs: 1000,
      viaProxy: false,
      namespace: 'test',
      fileWorkers: 1,
    },
  };
}

const failing = check({
  name: `creates a session named ${hostile}`,
  state: 'failed',
  detail:
    `POST http://127.0.0.1:4010/v1/session -> 200: the response breaks the spec ${hostile}\n` +
    `  rule: every response matches the spec ${hostile}`,
  exchanges: [exchange()],
  counterexample: `1. Create(${hostile})`,
  modelNote: hostile,
});
const hostileOutcome = outcome([failing, check({ name: `passes ${hostile}`, exchanges: [exchange({ status: 422 })] })]);

test('escapeHtml turns every character that opens markup or an attribute into an entity', () => {
  expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
    '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
  );
});

test('the page has no script element and no markup from the run, only its text', () => {
  const page = htmlReport(hostileOutcome, {
    title: `report ${hostile}`,
    comparison: compareRuns(hostileOutcome, outcome([]), { a: hostile, b: 'b' }),
  });
  expect(page).not.toMatch(/<script/i);
  expect(page).not.toMatch(/<img/i);
  expect(page).toContain('&lt;script&gt;window.__ran');
});

describe('in Chromium', () => {
  let chromium: TestBrowser;
  beforeAll(async () => {
    chromium = await launchChromium();
  });
  afterAll(async () => {
    await chromium?.close();
  });

  test('names, messages, headers and bodies holding <script> and <img onerror> run nothing', async () => {
    const page = await chromium.browser.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.setContent(
      htmlReport(hostileOutcome, {
        title: `report ${hostile}`,
        comparison: compareRuns(hostileOutcome, outcome([]), { a: hostile, b: 'b' }),
      }),
      { waitUntil: 'load' },
    );
    expect(await page.evaluate(() => (window as unknown as { __ran?: number }).__ran)).toBeUndefined();
    expect(await page.locator('script, img').count()).toBe(0);
    expect(await page.locator('.failure h3').textContent()).toContain('<script>window.__ran');
    expect(await page.locator('.failure pre.response').textContent()).toContain('<img src="http://127.0.0.1:9/x.png"');
    expect(requests).toEqual([]);
    await page.close();
  });
});
