// SPDX-License-Identifier: Apache-2.0
// How long `pace plot --view history` takes over a long history, and how long
// headless Chromium takes to open and draw the page: a storage of COMMITS
// runs of BENCHMARKS instruction counts each (as `pace history run` saves
// them in instruction mode), one benchmark in fifty 2% costlier from the
// middle commit on.
//
//   node bench/plot/plot_history_scale.mjs BUILD_DIR [COMMITS [BENCHMARKS]]   (default 1000 500)
// BUILD_DIR's browser tests must have run once, so tests/browser/node_modules exists there.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [buildArg, commitsArg = '1000', countArg = '500'] = process.argv.slice(2);
if (!buildArg) {
  console.error('usage: node bench/plot/plot_history_scale.mjs BUILD_DIR [COMMITS [BENCHMARKS]]');
  process.exit(2);
}
const build = resolve(buildArg);
const pace = join(build, 'src', 'cli', 'pace');
const { launch, open } = await import(pathToFileURL(join(build, 'tests', 'browser', 'browser.mjs')).href);
const commits = Number(commitsArg), count = Number(countArg);

const work = mkdtempSync(join(tmpdir(), 'pace-history-scale-'));
const machine = 'Linux-x86_64-Bench';
mkdirSync(join(work, machine));
const hash = (c) => (0x10000000 + c * 7919).toString(16).padStart(8, '0').repeat(5);
for (let c = 0; c < commits; ++c) {
  const date = new Date(Date.UTC(2026, 0, 1) + c * 3600e3).toISOString().replace('.000Z', '+00:00');
  const results = [];
  for (let i = 0; i < count; ++i) {
    const base = 1000 + 37 * i;
    const instructions = i % 50 === 7 && c >= commits / 2 ? Math.round(base * 1.02) : base;
    results.push({ group: null, name: 'suite' + (i % 20) + '/bench_' + i, fullname: 'suite' + (i % 20) + '/bench_' + i,
      params: null, param: null, extra_info: {}, options: {}, dims: {}, tags: [], status: 'ok',
      counters: { instructions }, targets: [] });
  }
  const run = {
    machine_info: { node: 'bench', system: 'Linux', release: '6.1', machine: 'x86_64', processor: 'x86_64',
      cpu: { brand_raw: 'Bench', count: 2 }, compiler: 'gcc 12.2.0', build_type: 'release', machine_id: machine },
    commit_info: { id: hash(c), time: date, parent: c ? hash(c - 1) : '', subject: 'change ' + c, author_time: date, dirty: false },
    benchmarks: [], datetime: date, version: '0.1.0',
    pace: { format_version: 1, version: '0.1.0', producer: 'pace', producer_version: '0.1.0', mode: 'instructions', unmeasured: results },
  };
  const stamp = date.replace(/[-:]/g, '').replace('+0000', 'Z');
  writeFileSync(join(work, machine, String(c + 1).padStart(4, '0') + '_' + hash(c).slice(0, 12) + '_' + stamp + '.json'), JSON.stringify(run));
}
const html = join(work, 'history.html');
const plotted = spawnSync('/usr/bin/time', ['-f', '%e s wall, %M KB peak RSS', pace, 'plot', '--view', 'history', '--storage', work,
  '--machine', machine, '-o', html], { encoding: 'utf8' });
if (plotted.status !== 0) throw new Error('pace plot failed: ' + plotted.stderr);
console.log(plotted.stdout.trim() + '\n' + plotted.stderr.trim() + `, page ${(statSync(html).size / 1e6).toFixed(1)} MB`);
// The same storage through `pace history show`: the reading and the step
// detection are shared, so the difference is the page.
const shown = spawnSync('/usr/bin/time', ['-f', '%e s wall, %M KB peak RSS', pace, 'history', 'show', '--storage', work,
  '--machine', machine], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
console.log('history show: ' + (shown.status === 0 ? shown.stderr.trim().split('\n').pop() : 'failed: ' + shown.stderr + shown.error));
const browser = await launch();
try {
  for (let attempt = 0; attempt < 3; ++attempt) {
    const { page, state, elapsedMs } = await open(browser, html);
    console.log(`opened and drawn in ${elapsedMs.toFixed(0)} ms: ${state.charts} charts, ${state.marks} points, ${state.steps} steps marked`);
    await page.close();
  }
} finally {
  await browser.close();
  rmSync(work, { recursive: true, force: true });
}
