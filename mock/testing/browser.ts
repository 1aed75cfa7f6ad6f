/**
 * Debian's Chromium driven by playwright-core, for tests: never a downloaded
 * browser. playwright's launch() gives every browser a fresh temporary profile
 * (it refuses --user-data-dir) and removes it on close.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface TestBrowser {
  readonly browser: Browser;
  close(): Promise<void>;
}

/** `extraArgs`: more Chromium switches (e.g. --host-resolver-rules for a foreign name). */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<TestBrowser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Failed to launch Chromium: ${chromiumPath} does not exist. Install Debian's chromium (apt-get ` +
        `install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      ...extraArgs,
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}
