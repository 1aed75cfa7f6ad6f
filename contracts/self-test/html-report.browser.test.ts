/**
 * conformance.html from a real run with failures (the core checks against a server whose create and join
 * answers carry `expiresIn` as a string), opened in Chromium from the disk: the verdict, the grid, a
 * failure with its request, answer and rule, full check names, a print layout, and no request but the page.
 */
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, type TestBrowser } from '../../mock/testing/browser.ts';
import { removeReport, runKeepingReport, startServers, type KeptRun, type Servers } from './contract-cli.ts';

const RUN_TIMEOUT = 180_000;
/** An older description of the API (OpenAPI 3.0.1), as a server might publish its own. */
const driftFixture = 'contracts/runner/spec-drift-fixtures/older.yaml';

describe('the HTML report of a run against a defective server', () => {
  let servers: Servers;
  let run: KeptRun;
  let chromium: TestBrowser;

  beforeAll(async () => {
    servers = await startServers('wrong-type-in-body');
    run = await runKeepingReport(
      ['--base-url', servers.served, '--level', 'core', '--server-openapi', driftFixture],
      RUN_TIMEOUT - 30_000,
    );
    chromium = await launchChromium();
  }, RUN_TIMEOUT);
  afterAll(async () => {
    await chromium?.close();
    await servers?.close();
    removeReport(run);
  });

  test('shows the verdict, the grid, and each failure with its request, response and rule', async () => {
    expect(run.exitCode, run.output.slice(-2000)).toBe(1);
    const page = await chromium.browser.newPage();
    const url = pathToFileURL(join(run.report, 'conformance.html')).href;
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(url, { waitUntil: 'load' });

    await expect.poll(() => page.locator('#verdict .word').textContent()).toBe('FAIL');
    expect(await page.locator('#verdict').getAttribute('class')).toContain('fail');
    expect(await page.title()).toMatch(/^FAIL: /);

    // The grid: create's 200 answers broke the spec (a string expiresIn), create's 422 answers did not.
    const created = page.locator('td[data-operation="createSession"][data-status="200"]');
    expect(await created.getAttribute('class')).toContain('broken');
    expect((await created.textContent())?.trim()).toMatch(/^✗ \d+\/\d+$/);
    expect(await page.locator('td[data-operation="createSession"][data-status="422"]').getAttribute('class')).toContain(
      'ok',
    );
    expect(await page.locator('td.missing[data-status="503"]').count()).toBeGreaterThan(0);

    // Failures come first, each with the rule, the request as sent and the answer as received.
    const sections = await page.locator('body > section').evaluateAll((nodes) => nodes.map((node) => node.id));
    expect(sections.indexOf('failures')).toBeLessThan(sections.indexOf('coverage'));
    const failure = page.locator('.failure', { hasText: 'creates a session' }).first();
    expect(await failure.locator('h3').textContent()).toContain('POST /session ›');
    expect(await failure.locator('.rule').textContent()).toMatch(/matches the spec/);
    expect(await failure.locator('pre.request').textContent()).toMatch(
      /^POST http:\/\/127\.0\.0\.1:\d+\/v1\/session\n/,
    );
    expect(await failure.locator('pre.request').textContent()).toContain('authorization: [');
    expect(await failure.locator('pre.response').textContent()).toMatch(/^200 .*[\s\S]*"expiresIn":"\d+"/);

    // Full names: the cases' labels are not cut with an ellipsis anywhere.
    const names = await page.locator('#checks td:first-child').allTextContents();
    expect(names.length).toBeGreaterThan(80);
    expect(names.filter((name) => name.includes('…'))).toEqual([]);

    // Printable: the navigation is left out on paper, and the page prints.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav').isVisible()).toBe(false);
    expect((await page.pdf({ format: 'A4' })).length).toBeGreaterThan(10_000);

    expect(requests).toEqual([url]);
    await page.close();
  });

  test("the same run lists where the server's own description differs from ours", () => {
    const drift = run.read('spec-drift.md');
    expect(drift).toContain(`- Theirs: \`${driftFixture}\` (OpenAPI 3.0.1, version 1.1.0)`);
    expect(drift).toContain('| operation | POST /v1/session/join | `operation` | documented | (absent) |');
    expect(run.output).toMatch(/== Spec drift: ours spec\/session-api\.yaml/);
  });
});
