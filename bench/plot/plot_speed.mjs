// SPDX-License-Identifier: Apache-2.0
// How long `pace plot` takes to write a report of 3 runs x 2,000 benchmarks,
// and how long headless Chromium takes to open and draw it. Runs each step
// REPEAT times and prints the median and the spread, beside `pace compare` of
// the same three files as a reference measured in the same session.
//
//   node bench/plot/plot_speed.mjs BUILD_DIR [REPEAT]
// BUILD_DIR is a configured and built tree (e.g. build/release) whose browser
// tests have run once, so tests/browser/node_modules exists there.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [buildArg, repeatArg] = process.argv.slice(2);
if (!buildArg) {
  console.error('usage: node bench/plot/plot_speed.mjs BUILD_DIR [REPEAT]');
  process.exit(2);
}
const build = resolve(buildArg);
const repeat = Number(repeatArg || 5);
const pace = join(build, 'src', 'cli', 'pace');
const browserDir = join(build, 'tests', 'browser');
const { launch, open } = await import(pathToFileURL(join(browserDir, 'browser.mjs')).href);
const { makeRun, writeRun, largeSuite } = await import(pathToFileURL(join(browserDir, 'make_runs.mjs')).href);

const work = mkdtempSync(join(tmpdir(), 'pace-plot-speed-'));
const suite = largeSuite(2000);
const files = [0, 1, 2].map((r) => {
  const f = join(work, 'run' + r + '.json');
  writeRun(f, makeRun(r, suite, { samples: 10 }));
  return f;
});
const html = join(work, 'report.html');

function timed(args) {
  const started = performance.now();
  try {
    execFileSync(pace, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (e) {
    if (e.status !== 1) throw e;  // pace compare exits 1 on regressions; that is not a failure here
  }
  return performance.now() - started;
}
function summary(ms) {
  const s = ms.slice().sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return `median ${median.toFixed(0)} ms (min ${s[0].toFixed(0)}, max ${s[s.length - 1].toFixed(0)}, n=${s.length})`;
}

const plotMs = [], compareMs = [], openMs = [];
const browser = await launch();
try {
  for (let i = 0; i < repeat; ++i) {
    plotMs.push(timed(['plot', ...files, '-o', html]));
    compareMs.push(timed(['compare', ...files, '--metric', 'median']));
    const { page, state, elapsedMs } = await open(browser, html);
    if (!state.ready || state.ids !== 2000) throw new Error(`the report did not draw: ${JSON.stringify(state)}`);
    openMs.push(elapsedMs);
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(`inputs: 3 runs x 2,000 benchmarks, 10 samples each; report ${(statSync(html).size / 1e6).toFixed(2)} MB`);
console.log(`pace plot (write):           ${summary(plotMs)}`);
console.log(`pace compare (same files):   ${summary(compareMs)}`);
console.log(`Chromium open and draw:      ${summary(openMs)}`);
rmSync(work, { recursive: true, force: true });
