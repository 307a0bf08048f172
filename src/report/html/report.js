// SPDX-License-Identifier: Apache-2.0
// Draws a pace report from the JSON in #pace-data. Every string from the data
// (benchmark names, dims, labels, machine and commit fields) reaches the page
// through textContent, element.title or Chart.js labels (drawn on a canvas),
// never through innerHTML: a name is text, whatever characters it holds.
(function () {
  'use strict';

  // The state a test (or a curious reader in the console) can inspect once
  // the page has drawn: the view, how many marks (points, bars, boxes, cells)
  // are on it, how many ids are only counted in a histogram (summarised),
  // the lines picked out of a crowd (highlighted), the ids named beside
  // their points (labels), the bars carrying their percent (barLabels), the
  // sweep's rows not yet drawn because they are below the fold (pending), and
  // the history view's step markers (steps) and the id drawn from its
  // selector (selected), and whether drawing finished.
  const report = { view: '', marks: 0, steps: 0, selected: null, summarised: 0, highlighted: 0, labels: [], barLabels: 0, pending: 0, panels: 0, charts: 0, ids: 0, ready: false, error: null };
  window.paceReport = report;

  const data = JSON.parse(document.getElementById('pace-data').textContent);

  // ---- numbers and units --------------------------------------------------
  const ladders = {
    time: [[1e-9, 'ns'], [1e-6, 'µs'], [1e-3, 'ms'], [1, 's']],
    bytes: [[1, 'B'], [1024, 'KiB'], [1048576, 'MiB'], [1073741824, 'GiB']],
    rate: [[1, '/s'], [1e3, 'k/s'], [1e6, 'M/s'], [1e9, 'G/s']],
    count: [[1, ''], [1e3, 'k'], [1e6, 'M'], [1e9, 'G']],
  };
  const ladder = ladders[data.kind] || ladders.count;

  // The unit that shows `magnitude` as a number of at least 1.
  function unitFor(magnitude) {
    let chosen = ladder[0];
    for (const step of ladder) if (Math.abs(magnitude) >= step[0]) chosen = step;
    return { scale: chosen[0], name: chosen[1] };
  }
  function plain(x) {
    const a = Math.abs(x);
    if (a !== 0 && a < 0.01) return x.toPrecision(2);
    return x.toFixed(a >= 100 ? 1 : a >= 10 ? 2 : 3).replace(/\.?0+$/, '');
  }
  function withUnit(value) {
    if (value === null || value === undefined || !isFinite(value)) return '—';
    const u = unitFor(value);
    if (data.kind === 'count' && u.scale === 1) return String(Math.round(value * 1000) / 1000);
    return plain(value / u.scale) + (u.name ? ' ' + u.name : '');
  }
  function signed(value) { return (value > 0 ? '+' : value < 0 ? '−' : '±') + withUnit(Math.abs(value)); }
  function percent(ratio) {
    if (ratio === null || !isFinite(ratio)) return '—';
    const p = (ratio - 1) * 100;
    return (p > 0 ? '+' : p < 0 ? '−' : '±') + plain(Math.abs(p)) + '%';
  }
  // A bin's edge or centre, to two significant digits: a histogram's axis
  // reads −4.7% rather than −4.727%.
  function roundPercent(ratio) {
    if (ratio === null || !isFinite(ratio)) return '—';
    const p = (ratio - 1) * 100, a = Math.abs(p);
    const text = a >= 10 ? a.toFixed(0) : a >= 0.1 ? a.toPrecision(2) : a.toPrecision(1);
    return (Number(text) === 0 ? '±' : p > 0 ? '+' : '−') + text + '%';
  }
  // Axis ticks in the data's raw unit (seconds, bytes) each carry their own
  // unit, so a log axis spanning ns to s reads "10 ns … 1 s". On a log axis
  // only 1, 2 and 5 times a power of ten are labelled.
  function unitTicks(log, scale) {
    return {
      callback: function (value) {
        const v = Number(value) * (scale || 1);
        if (log) {
          if (!(v > 0)) return '';
          const m = Math.round(v / Math.pow(10, Math.floor(Math.log10(v)) ) * 1000) / 1000;
          if (m !== 1 && m !== 2 && m !== 5) return '';
        }
        return withUnit(v);
      },
      maxRotation: 0,
    };
  }

  // Wider than 50× from smallest to largest: a linear axis would squash the
  // small values into one pixel row.
  function wantsLog(values) {
    if (data.log !== null) return data.log;
    const positive = values.filter((v) => v > 0);
    if (positive.length < 2 || positive.length < values.length) return false;
    return Math.max(...positive) / Math.min(...positive) >= 50;
  }

  // ---- text ---------------------------------------------------------------
  function truncate(text, max) {
    const chars = Array.from(String(text));
    return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : chars.join('');
  }
  function dimText(dim) { return dim.name + '=' + (typeof dim.value === 'string' ? dim.value : JSON.stringify(dim.value)); }
  function dimsLine(result) { return result.dims.length ? result.dims.map(dimText).join(', ') : '(no dims)'; }
  function element(tag, text, className) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (className) e.className = className;
    return e;
  }

  // ---- colour -------------------------------------------------------------
  // Diverging around no change: blue is better, red is worse, whatever the
  // metric's direction (fewer ops is worse, fewer bytes is better).
  const better = [33, 102, 172], worse = [178, 24, 43], neutral = [238, 238, 238];
  function badness(change) { return data.higher_is_worse ? change : -change; }
  function diverging(t) {
    const u = Math.max(-1, Math.min(1, t));
    const end = u > 0 ? worse : better;
    const k = Math.abs(u);
    const c = neutral.map((n, i) => Math.round(n + (end[i] - n) * k));
    return 'rgb(' + c.join(',') + ')';
  }
  // The colour scale saturates at the --clip percentile of |change|, so one
  // outlier does not wash the rest out.
  function colourLimit(changes) {
    const a = changes.filter((c) => isFinite(c)).map(Math.abs).sort((x, y) => x - y);
    if (!a.length) return 1;
    const p = data.clip === null ? 100 : data.clip;
    const h = (p / 100) * (a.length - 1);
    const lo = Math.floor(h), hi = Math.min(lo + 1, a.length - 1);
    const limit = a[lo] + (h - lo) * (a[hi] - a[lo]);
    return limit > 0 ? limit : (a[a.length - 1] || 1);
  }
  function colourKey(container, limit, describe) {
    const key = element('div', undefined, 'colour-key');
    // The better end is a fall for costs and a rise for rates such as ops.
    const sign = data.higher_is_worse ? 1 : -1;
    key.appendChild(element('span', describe(-sign * limit) + ' (better)'));
    const ramp = element('span', undefined, 'ramp');
    ramp.style.background = 'linear-gradient(to right,' + diverging(-1) + ',' + diverging(0) + ',' + diverging(1) + ')';
    key.appendChild(ramp);
    key.appendChild(element('span', describe(sign * limit) + ' (worse)'));
    if (data.clip !== null) key.appendChild(element('span', 'clipped at the ' + data.clip + 'th percentile'));
    container.appendChild(key);
  }

  const palette = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f',
    '#bcbd22', '#17becf'];
  const dashes = [[], [6, 4], [2, 3], [10, 3, 2, 3]];
  const pointStyles = ['circle', 'triangle', 'rect', 'rectRot', 'star', 'crossRot'];

  // ---- layout -------------------------------------------------------------
  const panels = document.getElementById('panels');
  function panel(title) {
    const p = element('section', undefined, 'panel');
    if (title) p.appendChild(element('h2', title));
    panels.appendChild(p);
    report.panels += 1;
    return p;
  }
  function chartIn(container, height, config, scroll) {
    const box = element('div', undefined, 'chart-box');
    box.style.height = height + 'px';
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    box.appendChild(canvas);
    if (scroll) {
      const s = element('div', undefined, 'chart-scroll');
      s.appendChild(box);
      container.appendChild(s);
    } else {
      container.appendChild(box);
    }
    report.charts += 1;
    return new Chart(canvas, config);
  }
  // Browsers refuse canvases much past 32,000 px a side (they stay blank), so
  // a long list of rows gets thinner rows instead, with labels thinned to fit.
  const maxCanvasHeight = 30000;
  function rowLayout(rows, perRow, extra) {
    const per = Math.min(perRow, (maxCanvasHeight - extra) / Math.max(rows, 1));
    return { height: Math.max(160, Math.round(rows * per + extra)), autoSkip: per < 12 };
  }
  function note(container, text) { container.appendChild(element('p', text, 'legend-note')); }

  // Small multiples: one group per value of the --facet dim.
  function facets(results) {
    if (!data.facet) return [{ title: '', results: results }];
    const groups = new Map();
    for (const r of results) {
      const d = r.dims.find((x) => x.name === data.facet);
      const key = d ? d.value : null;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(r);
    }
    const keys = Array.from(groups.keys());
    const numeric = keys.every((k) => typeof k === 'number');
    keys.sort((a, b) => (a === null) - (b === null) || (numeric ? a - b : String(a).localeCompare(String(b))));
    return keys.map((k) => ({
      title: k === null ? 'no ' + data.facet : data.facet + ' = ' + (typeof k === 'string' ? k : JSON.stringify(k)),
      results: groups.get(k),
    }));
  }

  const baseOptions = {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    interaction: { mode: 'nearest', intersect: true },
  };
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif';

  // ---- scaling: cost against a numeric dim ---------------------------------
  // Past this many families the scaling view stops drawing a line each.
  const maxFamilies = 40;
  const highlightedFamilies = 12;

  // Family indexes, the ones that stand out first. With several runs: the
  // largest |log2 fold-change| between the first and last run at any shared
  // x. With one: the steepest growth, the slope of log cost against log x
  // between the family's smallest and largest x (one point: no growth).
  function rankFamilies(series) {
    const score = new Map();
    const byFamily = new Map();
    for (const s of series) {
      if (!byFamily.has(s.index)) byFamily.set(s.index, []);
      byFamily.get(s.index)[s.run] = s;
    }
    const last = data.runs.length - 1;
    for (const [fi, runs] of byFamily) {
      let best = -Infinity;
      if (last > 0) {
        const first = runs[0], end = runs[last];
        if (first && end) {
          const at = new Map(first.points.map((p) => [p.x, p.y]));
          for (const p of end.points) {
            const b = at.get(p.x);
            if (b > 0 && p.y > 0) best = Math.max(best, Math.abs(Math.log2(p.y / b)));
          }
        }
      } else {
        const ps = runs[0] ? runs[0].points : [];
        const a = ps[0], b = ps[ps.length - 1];
        if (ps.length > 1 && a.x > 0 && b.x > a.x && a.y > 0 && b.y > 0)
          best = Math.log(b.y / a.y) / Math.log(b.x / a.x);
      }
      score.set(fi, best);
    }
    return Array.from(score.keys()).sort((a, b) => score.get(b) - score.get(a) || a - b);
  }

  function drawScaling(group, container) {
    const byAxis = new Map();
    const skipped = [];
    for (const r of group.results) {
      if (!r.x) { skipped.push(r.id); continue; }
      if (!byAxis.has(r.x)) byAxis.set(r.x, []);
      byAxis.get(r.x).push(r);
    }
    for (const [axis, results] of byAxis) {
      const sub = element('div');
      container.appendChild(sub);
      sub.appendChild(element('h2', data.metric + ' against ' + axis));
      // A series is a benchmark family (its name and every dim but x and the
      // facet) in one run.
      const families = new Map();
      for (const r of results) {
        const rest = r.dims.filter((d) => d.name !== axis && d.name !== data.facet).map(dimText);
        const family = r.name + (rest.length ? ' [' + rest.join(', ') + ']' : '');
        if (!families.has(family)) families.set(family, []);
        families.get(family).push(r);
      }
      const all = [];
      for (const rs of families.values()) for (const r of rs) for (const v of r.values) if (v !== null) all.push(v);
      const u = unitFor(all.length ? all.slice().sort((a, b) => a - b)[Math.floor(all.length / 2)] : 1);
      const xs = [];
      const series = [];  // one per family and run
      let f = 0;
      for (const [family, rs] of families) {
        data.runs.forEach((run, ri) => {
          const points = [];
          for (const r of rs) {
            const v = r.values[ri];
            const d = r.dims.find((x) => x.name === axis);
            if (v === null || !d) continue;
            points.push({ x: d.value, y: v / u.scale, result: r, run: ri });
            xs.push(d.value);
          }
          if (!points.length) return;
          points.sort((a, b) => a.x - b.x);
          series.push({ family: family, index: f, run: ri, points: points });
        });
        f += 1;
      }
      const lineDataset = (s, colour) => ({
        label: data.runs.length > 1 ? s.family + ' · ' + data.runs[s.run].label : s.family,
        data: s.points,
        showLine: true,
        borderColor: colour,
        backgroundColor: colour,
        borderDash: dashes[s.run % dashes.length],
        pointStyle: pointStyles[s.run % pointStyles.length],
        pointRadius: 3.5,
        pointHoverRadius: 6,
      });
      let datasets;
      let aggregated = null;
      if (families.size <= maxFamilies) {
        datasets = series.map((s) => lineDataset(s, palette[s.index % palette.length]));
        for (const s of series) report.marks += s.points.length;
      } else {
        // Thousands of lines are one grey smear and take a browser most of a
        // minute to draw: every point goes into one light cloud (where the
        // ids lie), and lines only for the families that stand out.
        const ranked = rankFamilies(series);
        const top = new Set(ranked.slice(0, highlightedFamilies));
        const cloud = [];
        for (const s of series) for (const p of s.points) cloud.push(p);
        report.marks += cloud.length;
        datasets = [{
          label: 'every id (' + cloud.length + ' points)',
          data: cloud,
          pointRadius: 1.5,
          pointHoverRadius: 4,
          backgroundColor: 'rgba(90,90,90,0.18)',
          borderColor: 'rgba(90,90,90,0.18)',
        }];
        const colourOf = new Map(Array.from(top).map((fi, k) => [fi, palette[k % palette.length]]));
        for (const s of series) if (top.has(s.index)) datasets.push(lineDataset(s, colourOf.get(s.index)));
        report.highlighted += top.size;
        aggregated = { families: families.size, shown: top.size };
      }
      const logX = wantsLog(xs), logY = wantsLog(all);
      const legend = aggregated !== null || datasets.length <= 40;
      chartIn(sub, legend ? 440 + Math.min(datasets.length, 40) * 4 : 460, {
        type: 'scatter',
        data: { datasets: datasets },
        options: Object.assign({}, baseOptions, {
          scales: {
            x: { type: logX ? 'logarithmic' : 'linear', ticks: { maxRotation: 0 },
              title: { display: true, text: axis + (logX ? ' (log)' : '') } },
            y: { type: logY ? 'logarithmic' : 'linear', ticks: unitTicks(logY, u.scale),
              title: { display: true, text: data.metric + (logY ? ' (log)' : '') } },
          },
          plugins: {
            legend: { display: legend, position: 'bottom', labels: { boxWidth: 18 } },
            tooltip: {
              callbacks: {
                title: (items) => items.length ? items[0].raw.result.id : '',
                label: (item) => {
                  const p = item.raw, r = p.result;
                  const lines = [dimsLine(r), data.runs[p.run].label + ': ' + withUnit(r.values[p.run])];
                  if (p.run > 0 && r.values[0] !== null)
                    lines.push('change vs ' + data.runs[0].label + ': ' + signed(r.values[p.run] - r.values[0]) +
                      ' (' + percent(r.values[p.run] / r.values[0]) + ')');
                  return lines;
                },
              },
            },
          },
        }),
      });
      if (!legend) note(sub, datasets.length + ' series: too many for a legend; hover a point for its name.');
      if (aggregated)
        note(sub, aggregated.families + ' benchmark families: too many lines to tell apart. Grey dots are every id; ' +
          'lines are the ' + aggregated.shown + (data.runs.length > 1 ? ' that changed most between ' + data.runs[0].label +
          ' and ' + data.runs[data.runs.length - 1].label : ' that grow fastest with ' + axis) + '.');
    }
    if (skipped.length)
      note(container, 'Not drawn, no numeric dim: ' + truncate(skipped.join(', '), 400));
  }

  // ---- scatter: baseline cost against candidate/baseline --------------------
  function pairs(results) {
    const out = [];
    for (const r of results) {
      const b = r.values[0], c = r.values[1];
      if (b === null || c === null) continue;
      const ratio = b !== 0 ? c / b : null;
      out.push({ result: r, base: b, cand: c, change: c - b, ratio: ratio, l2: ratio > 0 ? Math.log2(ratio) : null });
    }
    return out;
  }
  function missingNote(container, results, shown) {
    const missing = results.length - shown;
    if (missing > 0) note(container, missing + ' id(s) not in both runs are left out.');
  }
  function pairLines(p) {
    return [dimsLine(p.result), data.runs[0].label + ': ' + withUnit(p.base), data.runs[1].label + ': ' +
      withUnit(p.cand), 'change: ' + signed(p.change) + ' (' + percent(p.ratio) + ')'];
  }

  // Names beside the points that moved most (by |log2 fold-change|), most
  // first; a name that would overlap one already drawn, or leave the chart,
  // is skipped, so the labels never pile up into a smudge.
  const maxPointLabels = 10;
  const pointLabelPlugin = {
    id: 'pacePointLabels',
    afterDatasetsDraw(chart) {
      const ds = chart.data.datasets[0];
      if (!ds || !ds.labelled) return;
      const meta = chart.getDatasetMeta(0), area = chart.chartArea, ctx = chart.ctx;
      ctx.save();
      ctx.font = '11px ' + Chart.defaults.font.family;
      ctx.textBaseline = 'middle';
      const taken = [];
      const placed = [];
      for (const i of ds.labelled) {
        const el = meta.data[i];
        if (!el) continue;
        const text = ds.data[i].label;
        const w = ctx.measureText(text).width, h = 13;
        const right = el.x + 8 + w <= area.right;
        const box = { x: right ? el.x + 8 : el.x - 8 - w, y: el.y - h / 2, w: w, h: h };
        if (box.x < area.left || box.y < area.top || box.y + h > area.bottom) continue;
        if (taken.some((t) => box.x < t.x + t.w && t.x < box.x + w && box.y < t.y + t.h && t.y < box.y + h)) continue;
        taken.push(box);
        ctx.fillStyle = 'rgba(255,255,255,0.8)';
        ctx.fillRect(box.x - 1, box.y, w + 2, h);
        ctx.fillStyle = '#1f2328';
        ctx.textAlign = 'left';
        ctx.fillText(text, box.x, el.y);
        placed.push(ds.data[i].pair.result.id);
      }
      ctx.restore();
      report.labels = placed;
    },
  };

  // Axis limits with room around the outermost points, so a point on the
  // edge is drawn whole and its label has space.
  function padded(values, log, include) {
    let lo = Math.min(...values, ...include), hi = Math.max(...values, ...include);
    if (log) {
      const span = Math.log10(hi / lo);
      const pad = Math.pow(10, Math.max(0.06 * span, 0.05));
      return { min: lo / pad, max: hi * pad };
    }
    const pad = Math.max(0.06 * (hi - lo), 0.02 * Math.max(Math.abs(hi), Math.abs(lo)), 1e-12);
    return { min: lo - pad, max: hi + pad };
  }

  function drawScatter(group, container) {
    const all = pairs(group.results);
    const ps = all.filter((p) => p.base > 0 && p.l2 !== null);
    // Colour by relative change (log2 fold-change): +208% on a small id is as
    // loud as +208% on a big one. The x position already shows the size.
    const limit = colourLimit(ps.map((p) => p.l2));
    const u = unitFor(ps.length ? ps.map((p) => p.base).sort((a, b) => a - b)[Math.floor(ps.length / 2)] : 1);
    const points = ps.map((p) => ({ x: p.base / u.scale, y: p.ratio, pair: p,
      label: truncate(p.result.id, 40) + ' ' + percent(p.ratio) }));
    report.marks += points.length;
    const logX = data.log === null ? true : data.log;
    const logY = data.log === true;
    const xs = points.map((p) => p.x), ys = points.map((p) => p.y);
    const movers = points.map((p, i) => i).sort((a, b) => Math.abs(points[b].pair.l2) - Math.abs(points[a].pair.l2))
      .filter((i) => points[i].pair.l2 !== 0).slice(0, maxPointLabels);
    const datasets = [{
      label: 'ids',
      data: points,
      labelled: movers,
      pointRadius: points.length > 2000 ? 3 : 5,
      pointHoverRadius: 8,
      pointBackgroundColor: points.map((p) => diverging(badness(p.pair.l2) / limit)),
      pointBorderColor: 'rgba(60,60,60,0.7)',
    }];
    const xr = xs.length ? padded(xs, logX, []) : {};
    const yr = ys.length ? padded(ys, logY, [1]) : {};
    if (xs.length) {
      datasets.push({
        label: 'no change',
        data: [{ x: xr.min, y: 1 }, { x: xr.max, y: 1 }],
        type: 'line', showLine: true, pointRadius: 0, borderColor: '#888', borderDash: [4, 4], borderWidth: 1,
      });
    }
    chartIn(container, 520, {
      type: 'scatter',
      data: { datasets: datasets },
      options: Object.assign({}, baseOptions, {
        scales: {
          x: { type: logX ? 'logarithmic' : 'linear', min: xr.min, max: xr.max, ticks: unitTicks(logX, u.scale),
            title: { display: true, text: data.metric + ' in ' + data.runs[0].label + (logX ? ' (log)' : '') } },
          y: { type: logY ? 'logarithmic' : 'linear', min: yr.min, max: yr.max,
            title: { display: true, text: data.runs[1].label + ' / ' + data.runs[0].label } },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            filter: (item) => item.datasetIndex === 0,
            callbacks: {
              title: (items) => items.length ? items[0].raw.pair.result.id : '',
              label: (item) => pairLines(item.raw.pair),
            },
          },
        },
      }),
      plugins: [pointLabelPlugin],
    });
    colourKey(container, limit, (x) => percent(Math.pow(2, x)));
    if (movers.length) note(container, 'Named: the ids that moved most, by relative change (up to ' + maxPointLabels + ', where they fit).');
    missingNote(container, group.results, all.length);
    if (all.length > ps.length) note(container, (all.length - ps.length) + ' id(s) with a zero or negative value are left out.');
  }

  // ---- compare: one bar per id, ranked by change ---------------------------
  // The text at the end of each bar (its percent change), drawn on the
  // canvas beside the bar, on the side away from zero. Rows thinner than the
  // text are left unlabelled rather than overprinted.
  const barLabelPlugin = {
    id: 'paceBarLabels',
    afterDatasetsDraw(chart) {
      const ctx = chart.ctx;
      chart.data.datasets.forEach((ds, di) => {
        const meta = chart.getDatasetMeta(di);
        if (meta.hidden || !ds.barLabels) return;
        ctx.save();
        ctx.font = '11px ' + Chart.defaults.font.family;
        ctx.fillStyle = '#1f2328';
        ctx.textBaseline = 'middle';
        let drawn = 0;
        meta.data.forEach((bar, i) => {
          const { x, y, base, height } = bar.getProps(['x', 'y', 'base', 'height'], true);
          if (Math.abs(height) < 9 || !ds.barLabels[i]) return;
          const right = x >= base;
          ctx.textAlign = right ? 'left' : 'right';
          ctx.fillText(ds.barLabels[i], x + (right ? 4 : -4), y);
          drawn += 1;
        });
        ctx.restore();
        report.barLabels = drawn;
      });
    },
  };

  // Past this many ids a bar each is a blur of one-pixel rows: the ones that
  // moved most get bars, and a histogram counts every id.
  const maxBars = 200;

  function drawCompare(group, container) {
    const ps = pairs(group.results);
    const relative = data.sort === 'relative';
    // Relative: the percent change, and ids with a zero baseline (no percent)
    // last. Absolute: the change in the metric's units.
    if (relative)
      ps.sort((a, b) => (a.l2 === null) - (b.l2 === null) || Math.abs(b.l2 ?? 0) - Math.abs(a.l2 ?? 0));
    else
      ps.sort((a, b) => Math.abs(b.change) - Math.abs(a.change));
    const shown = ps.length > maxBars ? ps.slice(0, maxBars) : ps;
    const biggest = ps.reduce((m, p) => Math.max(m, Math.abs(p.change)), 0);
    const u = unitFor(biggest || 1);
    // Colour follows what the bar length shows: log2 fold-change when ranked
    // by percent (so −50% and +100% are equally strong), units otherwise.
    const measure = relative ? (p) => p.l2 : (p) => p.change;
    const limit = colourLimit(ps.map(measure).filter((v) => v !== null));
    report.marks += shown.length;
    const layout = rowLayout(shown.length, 18, 70);
    const height = layout.height;
    chartIn(container, height, {
      type: 'bar',
      data: {
        labels: shown.map((p) => p.result.id),
        datasets: [{
          label: 'change',
          data: shown.map((p) => relative ? (p.ratio === null ? 0 : (p.ratio - 1) * 100) : p.change / u.scale),
          barLabels: shown.map((p) => relative ? (p.ratio === null ? 'zero baseline' : percent(p.ratio))
            : signed(p.change) + ' (' + percent(p.ratio) + ')'),
          backgroundColor: shown.map((p) => measure(p) === null ? diverging(0) : diverging(badness(measure(p)) / limit)),
          borderColor: 'rgba(60,60,60,0.5)',
          borderWidth: 1,
        }],
      },
      options: Object.assign({}, baseOptions, {
        indexAxis: 'y',
        interaction: { mode: 'index', axis: 'y', intersect: false },
        scales: {
          // grace: room beyond the longest bars for their labels.
          x: { position: 'top', grace: '18%',
            ticks: relative ? { callback: (v) => (v > 0 ? '+' : v < 0 ? '−' : '') + plain(Math.abs(v)) + '%', maxRotation: 0 }
              : unitTicks(false, u.scale),
            title: { display: true, text: (relative ? 'relative change in ' : 'change in ') + data.metric + ': ' +
              data.runs[1].label + (relative ? ' vs ' : ' − ') + data.runs[0].label } },
          y: { ticks: { autoSkip: layout.autoSkip, sampleSize: 200, callback: function (value) { return truncate(this.getLabelForValue(value), 56); } } },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: (items) => items.length ? shown[items[0].dataIndex].result.id : '',
              label: (item) => pairLines(shown[item.dataIndex]),
            },
          },
        },
      }),
      plugins: [barLabelPlugin],
    }, height > 600);
    colourKey(container, limit, relative ? (x) => percent(Math.pow(2, x)) : signed);
    note(container, 'Sorted by ' + (relative ? 'relative' : 'absolute') + ' change, largest first' +
      (shown.length < ps.length ? '; the ' + shown.length + ' of ' + ps.length + ' ids that moved most.' : '.'));
    if (shown.length < ps.length) histogram(container, ps, relative);
    missingNote(container, group.results, ps.length);
  }

  // Every id's change as a count per bin: what the bars above leave out.
  function histogram(container, ps, relative) {
    const values = ps.map((p) => relative ? p.l2 : p.change).filter((v) => v !== null && isFinite(v));
    const label = (v) => relative ? roundPercent(Math.pow(2, v)) : signed(v);
    densityChart(container, values, 'All ' + values.length + ' ids: how many moved by how much',
      relative ? 'relative change' : 'change', label, (v, extent) => diverging(badness(v) / extent));
  }

  // A histogram of `values` (one per id): counts per bin over the 1st–99th
  // percentile, so one wild id does not squeeze the rest into one bin; the
  // end bins hold what lies beyond.
  function densityChart(container, values, title, axis, label, colour) {
    report.summarised += values.length;
    if (!values.length) return;
    const sorted = values.slice().sort((a, b) => a - b);
    const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))];
    let lo = at(0.01), hi = at(0.99);
    if (!(hi > lo)) { lo = sorted[0] - 1e-12; hi = sorted[sorted.length - 1] + 1e-12; }
    const bins = 60, width = (hi - lo) / bins;
    const counts = new Array(bins).fill(0);
    for (const v of values) counts[Math.max(0, Math.min(bins - 1, Math.floor((v - lo) / width)))] += 1;
    const centre = (i) => lo + (i + 0.5) * width;
    const extent = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
    container.appendChild(element('h2', title));
    chartIn(container, 260, {
      type: 'bar',
      data: {
        labels: counts.map((c, i) => label(centre(i))),
        datasets: [{ label: 'ids', data: counts, barPercentage: 1, categoryPercentage: 1,
          backgroundColor: counts.map((c, i) => colour(centre(i), extent)),
          borderColor: 'rgba(60,60,60,0.4)', borderWidth: 1 }],
      },
      options: Object.assign({}, baseOptions, {
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 9 },
            title: { display: true, text: axis + ' (the end bins include everything beyond)' } },
          y: { title: { display: true, text: 'ids' }, beginAtZero: true },
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: {
            title: (items) => items.length ? label(lo + items[0].dataIndex * width) + ' to ' + label(lo + (items[0].dataIndex + 1) * width) : '',
            label: (item) => item.raw + ' ids',
          } },
        },
      }),
    });
  }

  // ---- sweep: log2 fold-change against the first run ------------------------
  const sweepChunk = 400;
  function drawSweep(group, container) {
    const changes = [];
    for (const r of group.results) {
      const b = r.values[0];
      for (let i = 1; i < r.values.length; ++i)
        if (b > 0 && r.values[i] > 0) changes.push(Math.log2(r.values[i] / b));
    }
    const limit = colourLimit(changes);
    const scroll = element('div', undefined, 'heatmap-scroll');
    const table = element('table', undefined, 'heatmap');
    const head = table.createTHead().insertRow();
    head.appendChild(element('th', 'benchmark', 'id'));
    for (const run of data.runs) {
      const th = element('th', truncate(run.label, 18));
      th.title = run.label;
      head.appendChild(th);
    }
    const body = table.createTBody();
    function addRow(r) {
      const row = body.insertRow();
      const name = element('th', truncate(r.id, 64), 'id');
      name.title = r.id + '\n' + dimsLine(r);
      name.scope = 'row';
      row.appendChild(name);
      const b = r.values[0];
      r.values.forEach((v, i) => {
        const cell = row.insertCell();
        if (v === null) {
          cell.className = 'missing';
          cell.textContent = '—';
          cell.title = r.id + '\n' + data.runs[i].label + ': not in this run';
          return;
        }
        report.marks += 1;
        cell.className = 'cell';
        const lines = [r.id, dimsLine(r), data.runs[i].label + ': ' + withUnit(v)];
        if (i === 0) {
          cell.textContent = withUnit(v);
          cell.style.background = diverging(0);
        } else if (b > 0 && v > 0) {
          const l2 = Math.log2(v / b);
          cell.textContent = percent(v / b);
          cell.style.background = diverging(badness(l2) / limit);
          if (Math.abs(badness(l2) / limit) > 0.6) cell.style.color = '#fff';
          lines.push('change vs ' + data.runs[0].label + ': ' + signed(v - b) + ' (' + percent(v / b) + ')',
            'log2 fold-change: ' + plain(l2));
        } else {
          cell.textContent = withUnit(v);
        }
        cell.title = lines.join('\n');
      });
    }
    // A table of 10,000 rows takes seconds to build and lay out, and a screen
    // shows forty: rows are added a chunk at a time as the reader scrolls
    // towards the end, in the same order, so every id is still reachable.
    let next = 0;
    const more = element('td', '', 'more');
    more.colSpan = data.runs.length + 1;
    const moreRow = document.createElement('tr');
    moreRow.appendChild(more);
    function addChunk() {
      const end = Math.min(group.results.length, next + sweepChunk);
      for (; next < end; ++next) addRow(group.results[next]);
      if (next < group.results.length) {
        more.textContent = (group.results.length - next) + ' more ids below: scroll to draw them';
        body.appendChild(moreRow);
      } else {
        moreRow.remove();
      }
    }
    addChunk();
    report.pending += group.results.length - next;
    if (next < group.results.length) {
      const watcher = new IntersectionObserver((entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        const before = next;
        addChunk();
        report.pending -= next - before;
        if (next >= group.results.length) watcher.disconnect();
      }, { root: scroll, rootMargin: '800px 0px' });
      watcher.observe(more);
    }
    scroll.appendChild(table);
    container.appendChild(scroll);
    colourKey(container, limit, (x) => 'log2 ' + (x > 0 ? '+' : '') + plain(x));
    note(container, 'Each cell: change against ' + data.runs[0].label + ' (first column: its value). Hover a cell for the figures.');
  }

  // ---- distribution: box plots of the samples --------------------------------
  // Chart.js has no box plot: each box is a floating bar from q1 to q3, and a
  // plugin draws the whiskers, the median and the outliers on the same rows.
  const boxPlugin = {
    id: 'paceBoxes',
    afterDatasetsDraw(chart) {
      const ctx = chart.ctx, xs = chart.scales.x;
      chart.data.datasets.forEach((ds, di) => {
        const meta = chart.getDatasetMeta(di);
        if (meta.hidden || !ds.boxes) return;
        meta.data.forEach((bar, i) => {
          const b = ds.boxes[i];
          if (!b) return;
          const { y, height } = bar.getProps(['y', 'height'], true);
          const px = (v) => xs.getPixelForValue(v / ds.scale);
          const h = Math.abs(height);
          ctx.save();
          ctx.strokeStyle = '#333';
          ctx.lineWidth = 1;
          ctx.beginPath();
          ctx.moveTo(px(b.low), y); ctx.lineTo(px(b.q1), y);
          ctx.moveTo(px(b.q3), y); ctx.lineTo(px(b.high), y);
          ctx.moveTo(px(b.low), y - h / 4); ctx.lineTo(px(b.low), y + h / 4);
          ctx.moveTo(px(b.high), y - h / 4); ctx.lineTo(px(b.high), y + h / 4);
          ctx.stroke();
          ctx.lineWidth = 2.5;
          ctx.beginPath();
          ctx.moveTo(px(b.median), y - h / 2); ctx.lineTo(px(b.median), y + h / 2);
          ctx.stroke();
          ctx.fillStyle = 'rgba(0,0,0,0.45)';
          for (const o of b.outliers) {
            ctx.beginPath();
            ctx.arc(px(o), y, 2.2, 0, 2 * Math.PI);
            ctx.fill();
          }
          ctx.restore();
        });
      });
    },
  };

  function drawDistribution(group, container) {
    const rowsOf = new Map(group.results.map((r) => [r, []]));
    const index = new Map(data.results.map((r, i) => [i, r]));
    for (const b of data.boxes) {
      const r = index.get(b.row);
      if (rowsOf.has(r)) rowsOf.get(r)[b.run] = b;
    }
    let rows = group.results.filter((r) => rowsOf.get(r).some((b) => b));
    if (!rows.length) { note(container, 'No samples in this group.'); return; }
    // Thousands of boxes are rows a pixel high: draw the ones worth a look
    // (the noisiest, or with several runs the ones whose median moved most)
    // and count every id in a histogram of that figure.
    const all = rows.length;
    let figure = null;
    if (rows.length > maxBars) {
      const last = data.runs.length - 1;
      const spread = (b) => b && b.median > 0 ? (b.q3 - b.q1) / b.median : null;
      const moved = (bs) => bs[0] && bs[last] && bs[0].median > 0 && bs[last].median > 0
        ? Math.log2(bs[last].median / bs[0].median) : null;
      figure = last > 0 ? (r) => moved(rowsOf.get(r)) : (r) => spread(rowsOf.get(r)[0]);
      const score = new Map(rows.map((r) => [r, figure(r)]));
      const key = (r) => score.get(r) === null ? -1 : Math.abs(score.get(r));
      rows = rows.slice().sort((a, b) => key(b) - key(a)).slice(0, maxBars);
    }
    const extent = [];
    for (const r of rows) for (const b of rowsOf.get(r)) if (b) extent.push(b.low, b.high, ...b.outliers);
    const u = unitFor(extent.slice().sort((a, b) => a - b)[Math.floor(extent.length / 2)]);
    const logX = wantsLog(extent);
    const datasets = data.runs.map((run, ri) => {
      const boxes = rows.map((r) => rowsOf.get(r)[ri] || null);
      report.marks += boxes.filter((b) => b).length;
      return {
        label: run.label,
        data: boxes.map((b) => (b ? [b.q1 / u.scale, b.q3 / u.scale] : null)),
        boxes: boxes,
        scale: u.scale,
        backgroundColor: palette[ri % palette.length] + '55',
        borderColor: palette[ri % palette.length],
        borderWidth: 1,
        borderSkipped: false,
        minBarLength: 2,
      };
    });
    const layout = rowLayout(rows.length, Math.max(20, data.runs.length * 14), 80);
    const height = layout.height;
    chartIn(container, height, {
      type: 'bar',
      data: { labels: rows.map((r) => r.id), datasets: datasets },
      options: Object.assign({}, baseOptions, {
        indexAxis: 'y',
        scales: {
          x: { type: logX ? 'logarithmic' : 'linear', position: 'top',
            min: Math.min(...extent) / u.scale * (logX ? 0.9 : 1), max: Math.max(...extent) / u.scale * (logX ? 1.1 : 1),
            ticks: unitTicks(logX, u.scale),
            title: { display: true, text: 'time per call' + (logX ? ' (log)' : '') } },
          y: { ticks: { autoSkip: layout.autoSkip, sampleSize: 200, callback: function (value) { return truncate(this.getLabelForValue(value), 56); } } },
        },
        plugins: {
          legend: { display: data.runs.length > 1, position: 'bottom' },
          tooltip: {
            callbacks: {
              title: (items) => items.length ? rows[items[0].dataIndex].id : '',
              label: (item) => {
                const b = item.dataset.boxes[item.dataIndex];
                const r = rows[item.dataIndex];
                return [dimsLine(r), data.runs[item.datasetIndex].label + ': median ' + withUnit(b.median),
                  'quartiles ' + withUnit(b.q1) + ' – ' + withUnit(b.q3),
                  'whiskers ' + withUnit(b.low) + ' – ' + withUnit(b.high),
                  b.n + ' samples, ' + b.outlier_count + ' outlier(s)'];
              },
            },
          },
        },
      }),
      plugins: [boxPlugin],
    }, height > 600);
    note(container, 'Box: quartiles; thick line: median; whiskers: furthest samples within 1.5 IQR; dots: outliers.');
    if (figure) {
      const several = data.runs.length > 1;
      note(container, 'The ' + rows.length + ' of ' + all + ' ids ' + (several ? 'whose median moved most between ' +
        data.runs[0].label + ' and ' + data.runs[data.runs.length - 1].label : 'with the widest spread (IQR / median)') +
        ', largest first; the histogram counts every id.');
      const values = group.results.filter((r) => rowsOf.get(r).some((b) => b)).map(figure).filter((v) => v !== null);
      if (several)
        densityChart(container, values, 'All ' + values.length + ' ids: how far their median moved', 'change of the median',
          (v) => roundPercent(Math.pow(2, v)), (v, extent) => diverging(badness(v) / extent));
      else
        densityChart(container, values, 'All ' + values.length + ' ids: spread of their samples', 'IQR / median',
          (v) => roundPercent(1 + v).replace(/^[+±]/, ''), () => palette[0] + '88');
    }
  }

  // ---- history: each benchmark over the commits -------------------------------
  // Up to this many benchmarks get a chart each; past it, the ones whose
  // latest step moved most get one, and a selector draws any other: 10,000
  // charts would take minutes and show nothing a reader could take in.
  const maxHistoryCharts = 24;
  const historyMovers = 12;
  // Intervals are ±1.96 standard errors: a 95% interval under normal noise.
  const intervalZ = 1.96;

  // At most eight evenly spaced commits, the first and the last included.
  function commitTicks(n) {
    const step = Math.max(1, Math.ceil((n - 1) / 7));
    const out = [];
    for (let i = 0; i < n; i += step) out.push(i);
    if (n > 0 && out[out.length - 1] !== n - 1) {
      if (n - 1 - out[out.length - 1] < step / 2) out.pop();
      out.push(n - 1);
    }
    return out;
  }
  function shortHash(id) { return String(id).slice(0, 10); }
  function commitDate(text) { return text ? String(text).replace('T', ' ').replace(/(\+00:00|Z)$/, ' UTC') : '—'; }

  // Interval bars and step markers, drawn on the chart's canvas after the line.
  const historyPlugin = {
    id: 'paceHistory',
    afterDatasetsDraw(chart) {
      const h = chart.options.plugins.paceHistory;
      if (!h) return;
      const ctx = chart.ctx, xs = chart.scales.x, ys = chart.scales.y, area = chart.chartArea;
      ctx.save();
      ctx.strokeStyle = 'rgba(31,119,180,0.55)';
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (const p of h.points) {
        if (!(p.half > 0)) continue;
        // On a log axis an interval reaching zero or below ends at the axis.
        const bottom = p.y - p.half > 0 || ys.type !== 'logarithmic' ? ys.getPixelForValue(p.y - p.half) : area.bottom;
        const x = xs.getPixelForValue(p.x), lo = Math.min(bottom, area.bottom), hi = Math.max(ys.getPixelForValue(p.y + p.half), area.top);
        ctx.moveTo(x, lo); ctx.lineTo(x, hi);
        ctx.moveTo(x - 2.5, lo); ctx.lineTo(x + 2.5, lo);
        ctx.moveTo(x - 2.5, hi); ctx.lineTo(x + 2.5, hi);
      }
      ctx.stroke();
      ctx.font = '11px ' + Chart.defaults.font.family;
      ctx.textBaseline = 'top';
      for (const s of h.steps) {
        const x = xs.getPixelForValue(s.x);
        const colour = diverging(badness(s.change) >= 0 ? 1 : -1);
        ctx.strokeStyle = colour;
        ctx.fillStyle = colour;
        ctx.lineWidth = 1.5;
        ctx.setLineDash([5, 4]);
        ctx.beginPath();
        ctx.moveTo(x, area.top); ctx.lineTo(x, area.bottom);
        ctx.stroke();
        ctx.setLineDash([]);
        const text = s.label;
        const w = ctx.measureText(text).width;
        ctx.fillText(text, x + 3 + w > area.right ? x - 3 - w : x + 3, area.top + 2);
      }
      ctx.restore();
    },
  };

  // The step drawn last in time is the one a reader asks about first: the
  // latest step's size, as |log2(after/before)|; a series with no step ranks
  // after every series with one, by how far its last value is from its first.
  function historyRank(series) {
    const stepSize = (s) => {
      if (!s.steps.length) return -1;
      const st = s.steps.reduce((a, b) => (b.commit > a.commit ? b : a));
      return st.before > 0 && st.after > 0 ? Math.abs(Math.log2(st.after / st.before)) : Math.abs(st.change);
    };
    const drift = (s) => {
      const a = s.points[0][1], b = s.points[s.points.length - 1][1];
      return a > 0 && b > 0 ? Math.abs(Math.log2(b / a)) : 0;
    };
    const keyed = series.map((s, i) => ({ s, i, step: stepSize(s), drift: drift(s) }));
    keyed.sort((a, b) => b.step - a.step || b.drift - a.drift || a.i - b.i);
    return keyed.map((k) => k.s);
  }

  function stepText(s) {
    return commitLabel(s.commit) + ': ' + withUnit(s.before) + ' → ' + withUnit(s.after) + ' (' + percent(1 + s.change) +
      ', confidence ' + plain(s.confidence * 100) + '%)';
  }
  function commitLabel(index) {
    const c = data.commits[index];
    return c ? shortHash(c.id) : '?';
  }

  // One benchmark's chart: its value at each commit where it was measured.
  function historyChart(container, s, height) {
    const cell = element('div', undefined, 'history-cell');
    const title = element('h2', truncate(s.id, 90));
    title.title = s.id;
    cell.appendChild(title);
    container.appendChild(cell);
    const values = s.points.map((p) => p[1]).sort((a, b) => a - b);
    const u = unitFor(values[Math.floor(values.length / 2)] || 1);
    const stepAt = new Map(s.steps.map((st) => [st.commit, st]));
    const points = s.points.map((p) => ({ x: p[0], y: p[1] / u.scale, value: p[1], half: intervalZ * p[2] / u.scale,
      step: stepAt.get(p[0]) || null }));
    // A marker sits between the step's commit and the one measured before it.
    const markers = [];
    points.forEach((p, i) => {
      if (!p.step) return;
      const before = i > 0 ? points[i - 1].x : p.x - 1;
      markers.push({ x: (before + p.x) / 2, change: p.step.change, label: percent(1 + p.step.change) });
    });
    let low = Infinity, high = -Infinity;
    for (const p of points) { low = Math.min(low, p.y - p.half); high = Math.max(high, p.y + p.half); }
    // A flat series (exact counts that never moved) gets ±2% of room, not
    // an axis spanning a single value.
    if (!(high - low > 1e-9 * Math.abs(high))) { const room = 0.02 * Math.abs(high) || 1; low -= room; high += room; }
    const logY = wantsLog(values);
    const n = data.commits.length;
    report.marks += points.length;
    report.steps += markers.length;
    const chart = chartIn(cell, height, {
      type: 'scatter',
      data: { datasets: [{ label: s.id, data: points, showLine: true, borderColor: palette[0], backgroundColor: palette[0],
        borderWidth: 1.5, pointRadius: points.length > 300 ? 1.5 : 3, pointHoverRadius: 6 }] },
      options: Object.assign({}, baseOptions, {
        scales: {
          x: { type: 'linear', min: -0.5, max: n - 0.5,
            // Ticks on commits only (a linear scale would put some between
            // them), the first and last always among them.
            afterBuildTicks: (axis) => { axis.ticks = commitTicks(n).map((v) => ({ value: v })); },
            ticks: { maxRotation: 0, autoSkip: false,
              callback: (v) => (Number.isInteger(v) && data.commits[v] ? shortHash(data.commits[v].id).slice(0, 7) : '') },
            title: { display: true, text: 'commit (oldest first)' } },
          y: logY ? { type: 'logarithmic', ticks: unitTicks(true, u.scale), title: { display: true, text: data.metric + ' (log)' } }
            : { type: 'linear', suggestedMin: low, suggestedMax: high, grace: '5%', ticks: unitTicks(false, u.scale),
              title: { display: true, text: data.metric } },
        },
        plugins: {
          legend: { display: false },
          paceHistory: { points: points, steps: markers },
          tooltip: { callbacks: {
            title: (items) => {
              if (!items.length) return '';
              const c = data.commits[items[0].raw.x];
              return shortHash(c.id) + (c.subject ? ' ' + truncate(c.subject, 80) : '');
            },
            label: (item) => {
              const p = item.raw, c = data.commits[p.x];
              const lines = ['author date: ' + commitDate(c.date),
                data.metric + ': ' + withUnit(p.value) + (p.half > 0 ? ' ± ' + withUnit(p.half * u.scale) + ' (95%)' : '')];
              if (p.step) lines.push('step: ' + withUnit(p.step.before) + ' → ' + withUnit(p.step.after) + ' (' +
                percent(1 + p.step.change) + ', confidence ' + plain(p.step.confidence * 100) + '%)');
              return lines;
            },
          } },
        },
      }),
      plugins: [historyPlugin],
    });
    const latest = s.steps.length ? s.steps.reduce((a, b) => (b.commit > a.commit ? b : a)) : null;
    note(cell, latest ? (s.steps.length > 1 ? s.steps.length + ' steps; latest at ' : 'step at ') + stepText(latest)
      : 'no step; ' + withUnit(s.points[0][1]) + ' → ' + withUnit(s.points[s.points.length - 1][1]));
    return chart;
  }

  function drawHistory(container) {
    const series = data.series;
    const ranked = series.length > maxHistoryCharts ? historyRank(series) : series;
    const shown = ranked.slice(0, series.length > maxHistoryCharts ? historyMovers : maxHistoryCharts);
    if (series.length > maxHistoryCharts) {
      // Any benchmark on demand: a list in the same order, drawn when chosen.
      const pick = element('div', undefined, 'history-pick');
      const label = element('label', 'Any of the ' + series.length + ' benchmarks (ranked as below): ');
      const select = document.createElement('select');
      select.appendChild(new Option('choose one…', ''));
      ranked.forEach((s, i) => {
        const o = new Option(truncate(s.id, 120), String(i));
        o.title = s.id;
        select.appendChild(o);
      });
      label.appendChild(select);
      pick.appendChild(label);
      const chosen = element('div', undefined, 'history-grid');
      pick.appendChild(chosen);
      container.appendChild(pick);
      let current = null;
      select.addEventListener('change', () => {
        if (current) { current.destroy(); report.charts -= 1; }
        chosen.textContent = '';
        current = null;
        report.selected = null;
        if (select.value === '') return;
        const s = ranked[Number(select.value)];
        current = historyChart(chosen, s, 300);
        report.selected = s.id;
      });
      report.summarised = series.length - shown.length;
    }
    const grid = element('div', undefined, 'history-grid');
    container.appendChild(grid);
    for (const s of shown) historyChart(grid, s, 240);
    report.highlighted = shown.length;
    note(container, (shown.length < series.length
      ? 'The ' + shown.length + ' of ' + series.length + ' benchmarks whose latest step moved most (then the largest drift from first to last), largest first. '
      : '') + 'Each point is one commit, in topological order (parents first); its bar is the 95% interval; a dashed line marks a step, between the commit before it and the first at the new level. Hover a point for its commit.');
  }

  // The header's table lists the commits instead of runs.
  function describeCommits() {
    const head = document.querySelector('#runs thead tr');
    head.textContent = '';
    for (const t of ['commit', 'subject', 'author date', 'file']) head.appendChild(element('th', t));
    const body = document.querySelector('#runs tbody');
    for (const c of data.commits) {
      const row = body.insertRow();
      for (const text of [shortHash(c.id), c.subject || '—', commitDate(c.date), c.source]) {
        const cell = row.insertCell();
        cell.textContent = text;
        cell.title = text;
      }
    }
    const sources = document.getElementById('sources');
    sources.querySelector('summary').textContent = 'Commits (' + data.commits.length + ')';
    if (data.commits.length > 20) sources.open = false;
  }

  // ---- the page -------------------------------------------------------------
  function describeRuns() {
    const body = document.querySelector('#runs tbody');
    for (const run of data.runs) {
      const m = run.machine, c = run.commit;
      const machine = [m.node, m.cpu + (m.cores ? ' (' + m.cores + ' cores)' : ''), [m.system, m.release].filter(Boolean).join(' '),
        [m.compiler, m.build_type].filter(Boolean).join(' ')].filter((s) => s && s.trim()).join(' · ');
      const commit = c.id ? c.id.slice(0, 12) + (c.branch ? ' (' + c.branch + ')' : '') + (c.dirty ? ' dirty' : '') : '';
      const row = body.insertRow();
      for (const text of [run.label, run.source, run.producer, run.datetime, machine || '—', commit || '—']) {
        const cell = row.insertCell();
        cell.textContent = text;
        cell.title = text;
      }
    }
  }

  function mainHistory() {
    report.view = data.view;
    report.ids = data.series.length;
    document.title = 'pace history: ' + data.metric;
    document.getElementById('title').textContent = 'pace — history of ' + data.metric;
    document.getElementById('summary').textContent = data.series.length + ' benchmark ids over ' + data.commits.length +
      ' commits, from ' + data.source;
    describeCommits();
    drawHistory(panel(''));
    document.getElementById('footer').textContent = 'Made by ' + data.generator + '; self-contained, works offline.';
  }

  function main() {
    if (data.view === 'history') return mainHistory();
    report.view = data.view;
    report.ids = data.results.length;
    document.title = 'pace ' + data.view + ': ' + data.metric;
    document.getElementById('title').textContent = 'pace — ' + data.view + ' view of ' + data.metric;
    document.getElementById('summary').textContent = data.results.length + ' benchmark ids, ' + data.runs.length +
      ' run(s): ' + data.runs.map((r) => r.label).join(', ') + (data.facet ? '; one panel per ' + data.facet : '');
    describeRuns();
    const draw = { scaling: drawScaling, scatter: drawScatter, compare: drawCompare, sweep: drawSweep,
      distribution: drawDistribution }[data.view];
    for (const group of facets(data.results)) draw(group, panel(group.title));
    document.getElementById('footer').textContent = 'Made by ' + data.generator + '; self-contained, works offline.';
  }

  try {
    main();
    report.ready = true;
  } catch (e) {
    report.error = String(e && e.stack || e);
    document.getElementById('notes').textContent = 'This report could not be drawn: ' + String(e);
    throw e;
  }
})();
