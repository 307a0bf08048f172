// SPDX-License-Identifier: Apache-2.0
// End-to-end test of `pace plot`: each view rendered in headless Chromium
// with networking off. A case passes when the page draws with no console
// error, requests nothing beyond itself, opens no dialog, and draws the
// number of marks the synthetic runs imply.
//
//   node plot_test.mjs PACE_BINARY WORK_DIR [CASE...]
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { launch, open } from './browser.mjs';
import { makeRun, writeRun, viewSuite, largeSuite } from './make_runs.mjs';

const [pace, work, ...only] = process.argv.slice(2);
if (!pace || !work) {
  console.error('usage: node plot_test.mjs PACE_BINARY WORK_DIR [CASE...]');
  process.exit(2);
}
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

function plot(args) {
  const started = performance.now();
  const out = execFileSync(pace, ['plot', ...args], { encoding: 'utf8' });
  return { out, elapsedMs: performance.now() - started };
}

// Three runs of the view suite; the sweep reads all three.
const suite = viewSuite();
const files = [0, 1, 2].map((r) => {
  const f = join(work, ['base', 'cand', 'third'][r] + '.json');
  writeRun(f, makeRun(r, suite));
  return f;
});
const numericIds = suite.filter((b) => typeof b.dims.n === 'number').length;  // 12

// Names that would be markup, script or broken quoting if ever parsed as HTML.
const hostile = [
  '</script><script>window.__pwned = 1</script>',
  '<img src=x onerror="window.__pwned = 2">',
  'quote"s and \'apostrophes\' & ampersands',
  'naïve/日本語/emoji 😀\u2028line',
];
const hostileSuite = hostile.map((name, i) => ({ name, dims: { n: 10 ** (i + 1), 'd<i>m': '<b>x</b>' }, base: 1e-6 * (i + 1), drift: 0.2 }));
const hostileFiles = [0, 1, 2].map((r) => {
  const f = join(work, 'hostile' + r + '.json');
  writeRun(f, makeRun(r, hostileSuite, { node: '<svg onload="window.__pwned = 3">' }));
  return f;
});

const cases = [
  { name: 'scaling', args: [files[0]], view: 'scaling', marks: numericIds, panels: 1 },
  { name: 'scaling_facet', args: [files[0], '--facet', 'kind'], view: 'scaling', marks: numericIds, panels: 3 },
  { name: 'scaling_two_runs', args: [files[0], files[1], '--view', 'scaling', '--log'], view: 'scaling', marks: 2 * numericIds },
  { name: 'scatter', args: [files[0], files[1]], view: 'scatter', marks: suite.length },
  { name: 'compare', args: [files[0], files[1], '--view', 'compare', '--metric', 'peak'], view: 'compare', marks: suite.length },
  { name: 'compare_relative', args: [files[0], files[1], '--view', 'compare', '--sort', 'relative', '--clip', '90'], view: 'compare', marks: suite.length },
  { name: 'sweep', args: [...files, '--label', 'v1', '--label', 'v2', '--label', 'v3'], view: 'sweep', marks: 3 * suite.length },
  { name: 'sweep_facet', args: [...files, '--facet', 'n'], view: 'sweep', marks: 3 * suite.length, panels: 5 },
  { name: 'distribution', args: [files[0], '--view', 'distribution'], view: 'distribution', marks: suite.length },
  { name: 'distribution_two_runs', args: [files[0], files[1], '--view', 'distribution'], view: 'distribution', marks: 2 * suite.length },
  ...['scaling', 'compare', 'sweep', 'distribution'].map((view) => ({
    name: 'hostile_names_' + view, hostile: true, view,
    args: [...(view === 'scaling' || view === 'distribution' ? hostileFiles.slice(0, 1) : view === 'compare' ? hostileFiles.slice(0, 2) : hostileFiles),
      '--view', view, '--label', ...(view === 'scaling' || view === 'distribution' ? ['<i>label</i>'] : view === 'compare' ? ['<i>a</i>', '--label', 'b&c'] : ['<i>a</i>', '--label', 'b', '--label', 'c'])],
    marks: view === 'sweep' ? 3 * hostile.length : hostile.length,
  })),
  { name: 'size_3x2000', large: true, view: 'sweep', marks: 3 * 2000 },
];

const failures = [];
const browser = await launch();
try {
  for (const c of cases) {
    if (only.length && !only.includes(c.name)) continue;
    const html = join(work, c.name + '.html');
    let args = c.args;
    if (c.large) {
      const big = largeSuite(2000);
      args = [0, 1, 2].map((r) => {
        const f = join(work, 'large' + r + '.json');
        writeRun(f, makeRun(r, big, { samples: 10 }));
        return f;
      });
    }
    const written = plot([...args, '-o', html]);
    const { page, seen, state, elapsedMs } = await open(browser, html);
    const problems = [];
    if (state.error) problems.push('page error: ' + state.error);
    if (!state.ready) problems.push('page did not finish drawing');
    if (state.view !== c.view) problems.push(`view ${state.view}, expected ${c.view}`);
    if (state.marks !== c.marks) problems.push(`${state.marks} marks drawn, expected ${c.marks}`);
    if (c.panels !== undefined && state.panels !== c.panels) problems.push(`${state.panels} panels, expected ${c.panels}`);
    if (seen.errors.length) problems.push('console: ' + seen.errors.join(' | '));
    if (seen.requests.length) problems.push('requests left the page: ' + seen.requests.join(', '));
    if (seen.dialogs.length) problems.push('dialogs opened: ' + seen.dialogs.join(', '));
    if (c.hostile) {
      const dom = await page.evaluate(() => ({
        pwned: window.__pwned,
        injected: document.querySelectorAll('img, svg, b, i, script:not([nonce]):not(#pace-data)').length,
        text: document.body.innerText,
        titles: Array.from(document.querySelectorAll('[title]')).map((e) => e.title).join('\n'),
      }));
      if (dom.pwned !== undefined) problems.push('a name ran script: window.__pwned = ' + dom.pwned);
      if (dom.injected) problems.push(dom.injected + ' element(s) made from data');
      // Charts draw names on a canvas; the run table, heatmap and titles hold them as text.
      const shown = dom.text + '\n' + dom.titles;
      const expected = ['<svg onload="window.__pwned = 3">', c.view === 'sweep' ? hostile[1] : '<i>'];
      if (c.view === 'sweep') expected.push(hostile[0], hostile[2], 'naïve/日本語/emoji 😀', 'd<i>m=<b>x</b>');
      for (const t of expected) if (!shown.includes(t)) problems.push('text not shown as text: ' + JSON.stringify(t));
    }
    let figures = '';
    if (c.large) {
      const size = statSync(html).size;
      figures = ` [written in ${written.elapsedMs.toFixed(0)} ms, ${(size / 1e6).toFixed(2)} MB, opened and drawn in ${elapsedMs.toFixed(0)} ms]`;
    }
    await page.close();
    if (problems.length) {
      failures.push(c.name);
      console.log(`FAIL ${c.name}${figures}\n  ` + problems.join('\n  '));
    } else {
      console.log(`ok   ${c.name}: ${state.view}, ${state.marks} marks, ${state.panels} panel(s)${figures}`);
    }
  }
} finally {
  await browser.close();
}
if (failures.length) {
  console.log(`${failures.length} case(s) failed: ${failures.join(', ')}`);
  process.exit(1);
}
