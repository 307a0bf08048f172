// SPDX-License-Identifier: Apache-2.0
// Screenshots of reports for the docs: each HTML file to a PNG beside OUT_DIR.
//
//   node screenshot.mjs OUT_DIR REPORT.html...
import { basename, join } from 'node:path';
import { launch, open } from './browser.mjs';

const [outDir, ...files] = process.argv.slice(2);
const browser = await launch();
try {
  for (const file of files) {
    const { page, seen, state } = await open(browser, file);
    if (!state.ready || seen.errors.length) throw new Error(file + ': ' + (state.error || seen.errors.join(' | ')));
    const out = join(outDir, basename(file, '.html') + '.png');
    await page.screenshot({ path: out, fullPage: true });
    console.log(out + ': ' + state.view + ', ' + state.marks + ' marks');
    await page.close();
  }
} finally {
  await browser.close();
}
