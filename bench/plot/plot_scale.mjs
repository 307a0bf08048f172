// SPDX-License-Identifier: Apache-2.0
// How long headless Chromium takes to open and draw each view of 10,000 ids
// (one run for scaling and distribution, two for scatter and compare, three
// for the sweep). PACE defaults to BUILD_DIR's pace; give another binary to
// measure an older build's pages with the same inputs.
//
//   node bench/plot/plot_scale.mjs BUILD_DIR [families|long-names] [PACE]
// families: 2,500 families over four sizes; long-names: every id its own
// family (the scaling view's worst case). BUILD_DIR's browser tests must have
// run once, so tests/browser/node_modules exists there.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [buildArg, shape = 'families', paceArg] = process.argv.slice(2);
if (!buildArg || !['families', 'long-names'].includes(shape)) {
  console.error('usage: node bench/plot/plot_scale.mjs BUILD_DIR [families|long-names] [PACE]');
  process.exit(2);
}
const build = resolve(buildArg);
const pace = paceArg ? resolve(paceArg) : join(build, 'src', 'cli', 'pace');
const browserDir = join(build, 'tests', 'browser');
const { launch } = await import(pathToFileURL(join(browserDir, 'browser.mjs')).href);
const { makeRun, writeRun, scaleSuite, largeSuite } = await import(pathToFileURL(join(browserDir, 'make_runs.mjs')).href);

const work = mkdtempSync(join(tmpdir(), 'pace-plot-scale-'));
const suite = shape === 'families' ? scaleSuite(10000) : largeSuite(10000);
const files = [0, 1, 2].map((r) => {
  const f = join(work, 'run' + r + '.json');
  writeRun(f, makeRun(r, suite, { samples: 10 }));
  return f;
});
const views = [['scaling', 1, []], ['scatter', 2, []], ['compare', 2, ['--view', 'compare']],
  ['compare --sort relative', 2, ['--view', 'compare', '--sort', 'relative']], ['sweep', 3, []],
  ['distribution', 1, ['--view', 'distribution']]];
const browser = await launch();
try {
  for (const [name, runs, args] of views) {
    const html = join(work, 'report.html');
    execFileSync(pace, ['plot', ...files.slice(0, runs), ...args, '-o', html], { stdio: 'ignore' });
    const page = await browser.context.newPage();
    const started = performance.now();
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
    // Generous: an older build took most of a minute on the scaling view.
    await page.waitForFunction(() => window.paceReport && (window.paceReport.ready || window.paceReport.error),
      null, { timeout: 180000 });
    const ms = performance.now() - started;
    const state = await page.evaluate(() => ({ ...window.paceReport }));
    console.log(`${name.padEnd(24)} ${ms.toFixed(0).padStart(6)} ms  ${state.marks} marks${state.error ? '  ERROR ' + state.error : ''}`);
    await page.close();
  }
} finally {
  await browser.close();
  rmSync(work, { recursive: true, force: true });
}
