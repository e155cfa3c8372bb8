// Time-series charts drawn as SVG: stacked bars (counts per sample) and lines (levels), with
// axes in UTC, a legend whose entries show or hide their series, and a tooltip that follows the
// pointer. Redrawn when their width changes; update() swaps the data and keeps what is hidden.

import { h, s, clock, clockSeconds, compact, number } from './dom.js';

const MARGIN = { l: 46, r: 12, t: 10, b: 24 };
const MINUTE = 60_000;
const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 360].map((m) => m * MINUTE);

/** Steps for the y axis: 0 to a round top in about four steps; whole numbers for counts. */
export function niceTicks(max, count = 4) {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const residual = raw / magnitude;
  let step = (residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 2.5 ? 2.5 : residual <= 5 ? 5 : 10) * magnitude;
  step = Math.max(1, step);
  const top = Math.ceil(max / step) * step;
  const ticks = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(v);
  return ticks;
}

/**
 * A chart of {@code points} ({t: ms, seconds, values: {key: number|null}}) between {@code from}
 * and {@code to} (ms).
 *
 * @param options.kind 'bars' (stacked, one bar per sample spanning its interval) or 'lines'
 * @param options.series [{key, name, color, hidden}] in stacking and legend order
 * @param options.legendValue (series, points) => text shown next to the series' name
 * @param options.unit the y axis' unit, shown above it
 */
export function timeChart(options) {
  const hidden = new Set(options.series.filter((x) => x.hidden).map((x) => x.key));
  let { points, from, to } = options;
  const height = options.height || 190;
  const legend = h('div', { class: 'legend' });
  const tip = h('div', { class: 'chart-tip', role: 'tooltip' });
  const plot = h('div', { class: 'plot' }, tip);
  const el = h(
    'figure',
    { class: ['chart', `chart-${options.kind}`], dataset: { chart: options.id || '' } },
    h('div', { class: 'chart-top' }, legend, options.unit ? h('span', { class: 'unit' }, options.unit) : null),
    plot,
  );
  let svg = null;
  let lastWidth = 0;

  function drawLegend() {
    legend.replaceChildren(
      ...options.series.map((series) =>
        h(
          'button',
          {
            type: 'button',
            class: ['legend-item', hidden.has(series.key) && 'off'],
            'aria-pressed': String(!hidden.has(series.key)),
            title: hidden.has(series.key) ? `Show ${series.name}` : `Hide ${series.name}`,
            dataset: { series: series.key },
            onclick: () => {
              if (hidden.has(series.key)) hidden.delete(series.key);
              else hidden.add(series.key);
              drawLegend();
              draw();
            },
          },
          h('span', { class: 'swatch', style: { background: series.color } }),
          series.name,
          options.legendValue ? h('span', { class: 'legend-value' }, options.legendValue(series, points)) : null,
        ),
      ),
    );
  }

  function draw() {
    const width = Math.floor(plot.clientWidth);
    if (!width) return;
    lastWidth = width;
    const innerW = width - MARGIN.l - MARGIN.r;
    const innerH = height - MARGIN.t - MARGIN.b;
    const visible = options.series.filter((x) => !hidden.has(x.key));
    const span = Math.max(1, to - from);
    const x = (t) => MARGIN.l + ((t - from) / span) * innerW;

    let max = 0;
    for (const p of points) {
      if (options.kind === 'bars') {
        max = Math.max(max, visible.reduce((sum, v) => sum + (p.values[v.key] || 0), 0));
      } else {
        for (const v of visible) if (p.values[v.key] !== null && p.values[v.key] !== undefined) max = Math.max(max, p.values[v.key]);
      }
    }
    const ticks = niceTicks(max);
    const top = ticks[ticks.length - 1];
    const y = (v) => MARGIN.t + innerH - (v / top) * innerH;

    const grid = s('g', { class: 'grid' });
    for (const v of ticks) {
      grid.append(
        s('line', { x1: MARGIN.l, x2: width - MARGIN.r, y1: y(v), y2: y(v), class: v === 0 ? 'axis' : 'gridline' }),
        s('text', { x: MARGIN.l - 6, y: y(v) + 3.5, 'text-anchor': 'end', class: 'tick' }, compact(v)),
      );
    }
    const step = TIME_STEPS.find((st) => (span / st) * 64 <= innerW) || TIME_STEPS[TIME_STEPS.length - 1];
    for (let t = Math.ceil(from / step) * step; t <= to; t += step) {
      grid.append(
        s('line', { x1: x(t), x2: x(t), y1: MARGIN.t + innerH, y2: MARGIN.t + innerH + 4, class: 'axis' }),
        s('text', { x: x(t), y: height - 6, 'text-anchor': 'middle', class: 'tick' }, clock(t)),
      );
    }

    const data = s('g', { class: 'data' });
    if (options.kind === 'bars') {
      for (const p of points) {
        const x1 = Math.max(MARGIN.l, x(p.t - (p.seconds || 0) * 1000));
        const x0 = x(p.t);
        const gap = x0 - x1 > 3 ? 1 : 0;
        const w = Math.max(1, x0 - x1 - gap);
        let acc = 0;
        for (const v of visible) {
          const val = p.values[v.key] || 0;
          if (val <= 0) continue;
          data.append(s('rect', { x: x1, y: y(acc + val), width: w, height: Math.max(0.5, y(acc) - y(acc + val)), fill: v.color }));
          acc += val;
        }
      }
    } else {
      for (const v of visible) {
        let d = '';
        let run = [];
        const runs = [];
        for (const p of points) {
          const val = p.values[v.key];
          if (val === null || val === undefined) {
            if (run.length) runs.push(run);
            run = [];
          } else {
            run.push([x(p.t), y(val)]);
          }
        }
        if (run.length) runs.push(run);
        for (const r of runs) {
          d += r.map(([px, py], i) => `${i ? 'L' : 'M'}${px.toFixed(1)},${py.toFixed(1)}`).join('');
          if (r.length === 1) data.append(s('circle', { cx: r[0][0], cy: r[0][1], r: 2.5, fill: v.color }));
        }
        if (options.area && visible.length === 1) {
          for (const r of runs) {
            if (r.length < 2) continue;
            const base = y(0).toFixed(1);
            const area = `M${r[0][0].toFixed(1)},${base}${r.map(([px, py]) => `L${px.toFixed(1)},${py.toFixed(1)}`).join('')}L${r[r.length - 1][0].toFixed(1)},${base}Z`;
            data.append(s('path', { d: area, fill: v.color, 'fill-opacity': 0.12, stroke: 'none' }));
          }
        }
        if (d) data.append(s('path', { d, fill: 'none', stroke: v.color, 'stroke-width': 1.75, 'stroke-linejoin': 'round', 'stroke-linecap': 'round' }));
      }
    }

    const guide = s('line', { class: 'guide', y1: MARGIN.t, y2: MARGIN.t + innerH, x1: MARGIN.l, x2: MARGIN.l, visibility: 'hidden' });
    const overlay = s('rect', { x: MARGIN.l, y: MARGIN.t, width: innerW, height: innerH, class: 'overlay' });
    overlay.addEventListener('mousemove', (e) => hover(e, x, visible, guide, width));
    overlay.addEventListener('mouseleave', () => {
      tip.classList.remove('show');
      guide.setAttribute('visibility', 'hidden');
    });

    const next = s(
      'svg',
      { width, height, viewBox: `0 0 ${width} ${height}`, class: 'chart-svg', role: 'img', 'aria-label': options.title || '' },
      grid,
      data,
      guide,
      overlay,
    );
    if (!points.length) {
      next.append(s('text', { x: MARGIN.l + innerW / 2, y: MARGIN.t + innerH / 2, 'text-anchor': 'middle', class: 'empty-text' }, options.emptyText || 'No data yet'));
    }
    if (svg) svg.replaceWith(next);
    else plot.prepend(next);
    svg = next;
  }

  function hover(event, x, visible, guide, width) {
    if (!points.length) return;
    const box = svg.getBoundingClientRect();
    const px = event.clientX - box.left;
    let best = null;
    let bestDistance = Infinity;
    for (const p of points) {
      const center = options.kind === 'bars' ? x(p.t - ((p.seconds || 0) * 1000) / 2) : x(p.t);
      const distance = Math.abs(center - px);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = p;
      }
    }
    if (!best) return;
    const gx = options.kind === 'bars' ? x(best.t - ((best.seconds || 0) * 1000) / 2) : x(best.t);
    guide.setAttribute('x1', gx);
    guide.setAttribute('x2', gx);
    guide.setAttribute('visibility', 'visible');
    const header = options.kind === 'bars' && best.seconds
      ? `${clockSeconds(best.t - best.seconds * 1000)} – ${clockSeconds(best.t)} UTC`
      : `${clockSeconds(best.t)} UTC`;
    tip.replaceChildren(
      h('div', { class: 'tip-time' }, header),
      ...visible.map((v) =>
        h(
          'div',
          { class: 'tip-row' },
          h('span', { class: 'swatch', style: { background: v.color } }),
          h('span', { class: 'tip-name' }, v.name),
          h('span', { class: 'tip-value' }, best.values[v.key] === null || best.values[v.key] === undefined ? '—' : number(best.values[v.key])),
        ),
      ),
    );
    tip.classList.add('show');
    const tipWidth = tip.offsetWidth;
    const left = gx + 12 + tipWidth > width ? gx - 12 - tipWidth : gx + 12;
    tip.style.left = `${Math.max(0, left)}px`;
    tip.style.top = `${MARGIN.t}px`;
  }

  drawLegend();
  const observer = new ResizeObserver(() => {
    if (Math.floor(plot.clientWidth) !== lastWidth) draw();
  });
  observer.observe(plot);

  return {
    el,
    /** Shows new data, keeping the series the user hid. */
    update(next) {
      ({ points, from, to } = next);
      drawLegend();
      draw();
    },
  };
}

/** A horizontal bar split by status: the jobs of an action at a glance. */
export function statusBar(counts, colors, order) {
  const total = order.reduce((sum, k) => sum + (counts[k] || 0), 0);
  const bar = h('div', { class: 'status-bar', title: order.filter((k) => counts[k]).map((k) => `${k}: ${number(counts[k])}`).join('\n') || 'no jobs' });
  if (!total) {
    bar.classList.add('status-bar-empty');
    return bar;
  }
  for (const k of order) {
    const n = counts[k] || 0;
    if (!n) continue;
    bar.append(h('span', { class: 'seg', style: { width: `${(n / total) * 100}%`, background: colors[k] } }));
  }
  return bar;
}
