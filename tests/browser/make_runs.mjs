// SPDX-License-Identifier: Apache-2.0
// Writes synthetic pace result files with a known shape, so a test knows how
// many marks each view must draw. Deterministic: a seeded generator.
//
//   node make_runs.mjs OUT_DIR RUNS BENCHMARKS [SHAPE]   (e.g. 3 2000 for the size test)
// SHAPE: `long-names` (default; largeSuite) or `families` (scaleSuite).
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

function generator(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function formatName(name, dims) {
  const keys = Object.keys(dims);
  return keys.length ? name + '[' + keys.map((k) => k + '=' + dims[k]).join(',') + ']' : name;
}

// One benchmark entry in pace's file format (a superset of pytest-benchmark's).
function benchmark(name, dims, samples, memory) {
  const sorted = samples.slice().sort((a, b) => a - b);
  const q = (p) => {
    const h = p * (sorted.length - 1), lo = Math.floor(h), hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  };
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  const sd = Math.sqrt(samples.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, samples.length - 1));
  const fullname = formatName(name, dims);
  return {
    group: null, name: fullname, fullname, base_name: name, params: dims,
    param: Object.values(dims).join('-') || null, extra_info: {}, options: {},
    stats: {
      min: sorted[0], max: sorted[sorted.length - 1], mean, stddev: sd, rounds: samples.length,
      median: q(0.5), iqr: q(0.75) - q(0.25), q1: q(0.25), q3: q(0.75), iqr_outliers: 0, stddev_outliers: 0,
      outliers: '0;0', ld15iqr: sorted[0], hd15iqr: sorted[sorted.length - 1], ops: 1 / mean,
      total: samples.reduce((a, b) => a + b, 0), p95: q(0.95), p99: q(0.99), data: samples,
    },
    dims, tags: [], status: 'ok', memory, counters: {},
  };
}

export function makeRun(index, benchmarks, options = {}) {
  const random = generator(options.seed ?? 1000 + index);
  const entries = [];
  const samplesPer = options.samples ?? 12;
  for (const b of benchmarks) {
    const base = b.base * (1 + index * (b.drift ?? 0));
    const samples = [];
    for (let i = 0; i < samplesPer; ++i) samples.push(options.exact ? base : base * (0.95 + 0.1 * random()));
    if (samplesPer > 4 && !options.exact) samples[0] = base * 1.8;  // one slow round: an outlier to draw
    const bytes = Math.round(b.bytes ?? base * 1e9);
    entries.push(benchmark(b.name, b.dims ?? {}, samples, { peak: bytes, allocated: bytes * 2, allocations: 3, leaked: 0 }));
  }
  return {
    machine_info: { node: options.node ?? 'bench-host', system: 'Linux', release: '6.1', machine: 'x86_64',
      processor: 'x86_64', cpu: { brand_raw: 'Test CPU', count: 8 }, compiler: 'gcc 12.2.0', build_type: 'release' },
    commit_info: { id: (options.commit ?? 'c0ffee' + index).padEnd(40, '0'), branch: 'main', dirty: false,
      time: '2026-01-0' + (index + 1) + 'T00:00:00+00:00' },
    benchmarks: entries,
    datetime: '2026-01-0' + (index + 1) + 'T12:00:00+00:00',
    version: '0.1.0',
    pace: { format_version: 1, version: '0.1.0', producer: 'pace', producer_version: '0.1.0', mode: 'time' },
  };
}

export function writeRun(path, run) { writeFileSync(path, JSON.stringify(run)); }

// The suite the view tests draw: two families over n (one of them with a
// second, text dim), one benchmark with no numeric dim.
export function viewSuite() {
  const out = [];
  for (const n of [10, 100, 1000, 10000]) {
    out.push({ name: 'sort/std', dims: { n }, base: n * 2e-8, drift: 0.1 });
    for (const kind of ['random', 'sorted'])
      out.push({ name: 'sort/merge', dims: { n, kind }, base: n * 3e-8 * (kind === 'sorted' ? 0.5 : 1), drift: -0.05 });
  }
  out.push({ name: 'string/build', dims: { method: 'append' }, base: 4e-6, drift: 0.3 });
  return out;
}

// Two runs' worth of ids whose changes a test can name exactly (with
// makeRun's `exact` option every sample is the base): a small id that tripled
// and a big one that moved 5%, so colouring by absolute change would hide the
// small one, and ids on round values at both ends of both axes (10 ns, ×0.5,
// ×3), where an axis fitted to the data puts them on its edge.
export function moverSuite() {
  return [
    { name: 'small/jump', base: 1e-7, drift: 2 },
    { name: 'big/steady', base: 1e-3, drift: 0.05 },
    { name: 'big/faster', base: 2e-3, drift: -0.5 },
    { name: 'mid/same', base: 1e-5, drift: 0 },
    { name: 'mid/slower', base: 3e-5, drift: 0.5 },
    { name: 'tiny/faster', base: 1e-8, drift: -0.2 },
  ];
}

// `count` ids in families of four sizes (n = 10 … 10,000), the shape of a
// large real suite: each family grows with its own exponent, and one family
// in fifty moves a lot between runs while the rest drift a little.
export function scaleSuite(count) {
  const random = generator(77);
  const out = [];
  const sizes = [10, 100, 1000, 10000];
  const families = Math.ceil(count / sizes.length);
  for (let f = 0; f < families; ++f) {
    const exponent = 0.4 + 1.2 * random(), base = 1e-8 * (1 + 20 * random());
    const drift = f % 50 === 7 ? 1.5 * (random() - 0.3) : 0.1 * (random() - 0.5);
    for (const n of sizes) {
      if (out.length === count) break;
      out.push({ name: 'suite' + (f % 40) + '/case_' + f, dims: { n }, base: base * Math.pow(n, exponent), drift });
    }
  }
  return out;
}

// Many ids with long names, for the size and speed measurement.
export function largeSuite(count) {
  const out = [];
  for (let i = 0; i < count; ++i)
    out.push({ name: 'family' + (i % 50) + '/a_rather_long_benchmark_name_to_stress_labels_' + i,
      dims: { n: 10 ** (1 + (i % 4)), variant: 'v' + (i % 7) }, base: 1e-6 * (1 + (i % 97)), drift: ((i % 11) - 5) / 50 });
  return out;
}

function mix32(x) {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

// The runs of `commits` commits of `count` ids, as `pace history run` saves
// them: each with its commit, first parent, subject and author date. One id
// in fifty gets 50% slower at commit `stepAt`; the rest stay level in ±5%
// noise, 8 samples a point (one of them a slow outlier). Subjects are
// `subject(index)` (default "change N").
export function historyRuns(count, commits, options = {}) {
  const stepAt = options.stepAt ?? Math.floor(commits / 2);
  const subject = options.subject ?? ((i) => 'change ' + i);
  const names = options.names ?? ((i) => 'hist' + (i % 40) + '/case_' + i);
  const hash = (i) => mix32(i + 1).toString(16).padStart(8, '0').repeat(5);
  const out = [];
  for (let c = 0; c < commits; ++c) {
    const suite = [];
    for (let i = 0; i < count; ++i)
      suite.push({ name: names(i), base: 1e-6 * (1 + (i % 97)) * (i % 50 === 3 && c >= stepAt ? 1.5 : 1), drift: 0 });
    // drift 0: the level moves only at the step.
    // Seeds a step of one apart start an LCG on sequences that are shifted
    // copies of each other, which moves every median together: a mixed seed
    // (murmur3's finaliser) makes each commit's noise its own.
    const run = makeRun(c, suite, { samples: 8, seed: mix32(0x9e3779b9 ^ c) });
    const date = '2026-02-' + String(c + 1).padStart(2, '0') + 'T10:00:00+00:00';
    run.commit_info = { id: hash(c), time: date, parent: c ? hash(c - 1) : '', subject: subject(c), author_time: date,
      branch: 'main', dirty: false };
    out.push(run);
  }
  return out;
}

if (process.argv[1] && process.argv[1].endsWith('make_runs.mjs')) {
  const [out, runs, count, shape] = process.argv.slice(2);
  mkdirSync(out, { recursive: true });
  const suite = shape === 'families' ? scaleSuite(Number(count)) : largeSuite(Number(count));
  for (let r = 0; r < Number(runs); ++r) writeRun(join(out, 'run' + (r + 1) + '.json'), makeRun(r, suite, { samples: 10 }));
}
