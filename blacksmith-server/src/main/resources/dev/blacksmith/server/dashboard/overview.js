// The overview: jobs by status now, and the last hour of events received, load outcomes and jobs
// by status, refreshed every sample while the page is visible.

import { api, Unauthorized } from './api.js';
import { h, mount, panel, facts, errorBox, number, percent, compact, clockSeconds, STATUSES, STATUS_COLORS, isoDuration } from './dom.js';
import { timeChart } from './charts.js';

const OUTCOMES = [
  { key: 'jobs_succeeded', name: 'Succeeded', color: STATUS_COLORS.succeeded },
  { key: 'jobs_failed', name: 'Failed', color: STATUS_COLORS.failed },
  { key: 'jobs_discarded', name: 'Discarded', color: STATUS_COLORS.discarded },
  { key: 'jobs_unknown', name: 'Unknown', color: STATUS_COLORS.unknown },
];

const EVENTS = [
  { key: 'events_received', name: 'Received', color: '#2563eb' },
  { key: 'events_refused', name: 'Refused', color: '#db2777' },
];

const LEVELS = STATUSES.map((status) => ({
  key: status,
  name: status[0].toUpperCase() + status.slice(1),
  color: STATUS_COLORS[status],
  // Succeeded jobs pile up until purged and would flatten every other line.
  hidden: status === 'succeeded',
}));

/** Per-minute rates of one sample's counts. */
function perMinute(point, keys) {
  const values = {};
  for (const key of keys) {
    values[key] = point.seconds > 0 ? Math.round((point[key] / point.seconds) * 600) / 10 : null;
  }
  return values;
}

function sum(series, key) {
  return series.reduce((total, p) => total + (p[key] || 0), 0);
}

function tiles(data) {
  const failing = (data.counts.failed || 0) + (data.counts.discarded || 0) + (data.counts.unknown || 0);
  return h(
    'div',
    { class: 'tiles' },
    h(
      'a',
      { class: 'tile tile-events', href: '#/events', dataset: { tile: 'events' } },
      h('span', { class: 'tile-label' }, 'Events stored'),
      h('span', { class: 'tile-value' }, number(data.events)),
      h('span', { class: 'tile-sub' }, `${number(sum(data.series, 'events_received'))} received in the last hour`),
    ),
    STATUSES.map((status) =>
      h(
        'a',
        {
          class: ['tile', `tile-status`, `status-${status}`, (data.counts[status] || 0) > 0 && ['failed', 'discarded', 'unknown'].includes(status) && 'alarm'],
          href: `#/jobs?status=${status}`,
          dataset: { tile: status, count: String(data.counts[status] || 0) },
          title: `Jobs that are ${status}`,
        },
        h('span', { class: 'tile-label' }, status),
        h('span', { class: 'tile-value' }, number(data.counts[status] || 0)),
      ),
    ),
    h(
      'div',
      { class: ['tile', 'tile-summary', failing > 0 && 'alarm'] },
      h('span', { class: 'tile-label' }, 'Failing now'),
      h('span', { class: 'tile-value' }, number(failing)),
      h('span', { class: 'tile-sub' }, 'failed, discarded or unknown'),
    ),
  );
}

function kpis(data, meta) {
  const series = data.series;
  const succeeded = sum(series, 'jobs_succeeded');
  const failed = sum(series, 'jobs_failed') + sum(series, 'jobs_discarded') + sum(series, 'jobs_unknown');
  const loaded = succeeded + failed;
  const minutes = series.reduce((t, p) => t + p.seconds, 0) / 60;
  const rate = (n) => (minutes > 0 ? `${compact(Math.round((n / minutes) * 10) / 10)}/min` : '—');
  return h(
    'div',
    { class: 'kpis' },
    kpi('Events received', number(sum(series, 'events_received')), rate(sum(series, 'events_received'))),
    kpi('Jobs created', number(sum(series, 'jobs_created')), rate(sum(series, 'jobs_created'))),
    kpi('Job loads', number(loaded), rate(loaded)),
    kpi('Loads that failed', loaded ? percent(failed / loaded) : '—', `${number(failed)} of ${number(loaded)}`, loaded && failed / loaded >= 0.05 ? 'bad' : null),
    h('span', { class: 'kpi-note muted' }, `This instance, last ${isoDuration(`PT${meta.window_seconds}S`)}`),
  );
}

function kpi(label, value, sub, tone) {
  return h('div', { class: ['kpi', tone && `kpi-${tone}`] }, h('span', { class: 'kpi-label' }, label), h('span', { class: 'kpi-value' }, value), h('span', { class: 'kpi-sub' }, sub));
}

function instancePanel(options) {
  if (!options) return panel('Instance', h('p', { class: 'muted' }, 'Loading…'));
  const services = Object.entries(options.services || {});
  return panel(
    'Instance',
    [
      facts([
        ['Store', `${options.store.name} · ${options.store.url}`],
        ['Pub/sub', [options.pubsub.name, options.pubsub.topic && `topic ${options.pubsub.topic}`].filter(Boolean).join(' · ')],
        ['Supervisor', options.supervisor.name],
        ...services.map(([kind, service]) => [
          kind[0].toUpperCase() + kind.slice(1),
          service ? `${service.address || '—'} · ${service.version}` : h('span', { class: 'muted' }, 'not in this process'),
        ]),
        ['Instances', `${number((options.instances || []).length)} registered`],
        ['Claims', `${number(options.tuning.claim_batch_size)} jobs per claim, lease ${isoDuration(options.tuning.lease_duration)}`],
        ['Purge policies', (options.purge_policies || []).map((p) => `${p.name} (${p.interval})`).join(', ') || 'none'],
      ]),
    ],
    { id: 'instance' },
  );
}

export async function overview(page) {
  let options = null;
  let charts = null;
  let timer = null;
  let paused = false;
  let resolution = 10;
  const updated = h('span', { class: 'muted', id: 'updated' });
  const pause = h('button', { type: 'button', class: 'btn btn-small', id: 'pause', onclick: () => {
    paused = !paused;
    pause.textContent = paused ? 'Resume' : 'Pause';
    pause.setAttribute('aria-pressed', String(paused));
  } }, 'Pause');
  const refreshButton = h('button', { type: 'button', class: 'btn btn-small', onclick: () => refresh() }, 'Refresh');
  const alerts = h('div', { class: 'alerts' });
  const top = h('div', { id: 'overview-tiles' });
  const kpiSlot = h('div');
  const instanceSlot = h('div', { class: 'side' });
  const chartRow = h('div', { class: 'grid-2' });
  const levelsSlot = h('div', { class: 'main-col' });

  mount(
    page,
    h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, 'Overview'), h('p', { class: 'subtitle' }, 'Jobs in the store by status, and what this instance did over the last hour. Times are UTC.')), h('div', { class: 'tools' }, updated, pause, refreshButton)),
    alerts,
    top,
    kpiSlot,
    chartRow,
    h('div', { class: 'grid-side' }, levelsSlot, instanceSlot),
  );

  function build(meta) {
    const unit = `per minute · ${meta.resolution_seconds} s samples`;
    const events = timeChart({ id: 'events', title: 'Events received', kind: 'lines', area: true, series: EVENTS, points: [], from: 0, to: 1, unit, emptyText: 'Collecting samples…', legendValue: (s, pts) => number(pts.reduce((t, p) => t + (p.raw[s.key] || 0), 0)) });
    const outcomes = timeChart({ id: 'outcomes', title: 'Job outcomes', kind: 'bars', series: OUTCOMES, points: [], from: 0, to: 1, unit, emptyText: 'Collecting samples…', legendValue: (s, pts) => number(pts.reduce((t, p) => t + (p.raw[s.key] || 0), 0)) });
    const levels = timeChart({ id: 'levels', title: 'Jobs by status', kind: 'lines', series: LEVELS, points: [], from: 0, to: 1, height: 220, unit: 'jobs in the store', emptyText: 'Collecting samples…', legendValue: (s, pts) => {
      const last = [...pts].reverse().find((p) => p.values[s.key] !== null && p.values[s.key] !== undefined);
      return last ? compact(last.values[s.key]) : '—';
    } });
    mount(chartRow, panel('Events received', events.el, { id: 'chart-events' }), panel('Job outcomes', outcomes.el, { id: 'chart-outcomes' }));
    mount(levelsSlot, panel('Jobs by status', levels.el, { id: 'chart-levels' }));
    return { events, outcomes, levels };
  }

  async function refresh() {
    let answer;
    try {
      answer = await api.get('stats');
    } catch (e) {
      if (e instanceof Unauthorized || !page.isConnected) return;
      mount(alerts, errorBox(e, 'The statistics could not be loaded'));
      return;
    }
    if (!page.isConnected) return;
    alerts.replaceChildren();
    const { data, meta } = answer;
    const to = Date.parse(data.at);
    const from = to - meta.window_seconds * 1000;
    const series = data.series.map((p) => ({ ...p, t: Date.parse(p.at) }));
    mount(top, tiles(data));
    mount(kpiSlot, kpis(data, meta));
    if (!charts) charts = build(meta);
    const rated = (keys) => series.map((p) => ({ t: p.t, seconds: p.seconds, raw: p, values: perMinute(p, keys) }));
    charts.events.update({ points: rated(EVENTS.map((x) => x.key)), from, to });
    charts.outcomes.update({ points: rated(OUTCOMES.map((x) => x.key)), from, to });
    charts.levels.update({
      points: series.filter((p) => p.counts).map((p) => ({ t: p.t, seconds: p.seconds, raw: p, values: p.counts })),
      from,
      to,
    });
    updated.textContent = `Updated ${clockSeconds(to)} UTC`;
    updated.dataset.at = data.at;
    resolution = meta.resolution_seconds;
  }

  api
    .get('options')
    .then((answer) => {
      options = answer.data;
      if (page.isConnected) mount(instanceSlot, instancePanel(options));
    })
    .catch((e) => {
      if (!(e instanceof Unauthorized) && page.isConnected) mount(instanceSlot, errorBox(e, 'The options could not be loaded'));
    });
  mount(instanceSlot, instancePanel(null));
  await refresh();
  // Refreshed once per sample; not while the tab is hidden or the operator paused.
  timer = setInterval(() => {
    if (!document.hidden && !paused) refresh();
  }, Math.max(2, resolution) * 1000);
  return () => clearInterval(timer);
}
