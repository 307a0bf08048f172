// SPDX-License-Identifier: Apache-2.0
// Opening a report in headless Chromium with networking off, and recording
// what a test needs to judge it: console errors, requests, dialogs, the
// page's own account of what it drew (window.paceReport).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const chromiumPath = process.env.PACE_CHROMIUM || '/usr/bin/chromium';

export async function launch() {
  if (!existsSync(chromiumPath))
    throw new Error(`chromium not found at ${chromiumPath}: install it (apt-get install chromium) ` +
      'or set PACE_CHROMIUM; configure with -DPACE_BROWSER_TESTS=OFF to leave these tests out');
  const profile = mkdtempSync(join(tmpdir(), 'pace-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    offline: true,
    viewport: { width: 1200, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP * ~NOTFOUND'],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Opens `file` and waits until the report says it drew (or failed).
export async function open(browser, file) {
  const page = await browser.context.newPage();
  const url = pathToFileURL(file).href;
  const seen = { errors: [], requests: [], dialogs: [] };
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') seen.errors.push(m.type() + ': ' + m.text()); });
  page.on('pageerror', (e) => seen.errors.push('pageerror: ' + e.message));
  page.on('request', (r) => { if (r.url() !== url) seen.requests.push(r.url()); });
  page.on('dialog', async (d) => { seen.dialogs.push(d.type() + ': ' + d.message()); await d.dismiss(); });
  const started = performance.now();
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.paceReport && (window.paceReport.ready || window.paceReport.error),
    null, { timeout: 30000 });
  const elapsedMs = performance.now() - started;
  const state = await page.evaluate(() => ({ ...window.paceReport }));
  return { page, seen, state, elapsedMs };
}
