// The application's catalog: sources with their triggers (mode, route or schedule, lock, events)
// and destinations with their actions (effective schedule, lock, jobs by status, failing rate).

import { api } from './api.js';
import { h, mount, panel, facts, number, percent, pageHead, table, time, hashWith, STATUSES, STATUS_COLORS, empty } from './dom.js';
import { statusBar } from './charts.js';

let names = null;

/** Source, trigger, destination and action names for the filters' suggestions; read once. */
export function catalogNames() {
  if (!names) {
    names = Promise.all([api.get('sources'), api.get('destinations')])
      .then(([sources, destinations]) => ({
        sources: sources.data.map((s) => s.name),
        triggers: sources.data.flatMap((s) => s.triggers.map((t) => t.name)),
        versions: sources.data.flatMap((s) => Object.keys(s.versions || {})),
        destinations: destinations.data.map((d) => d.name),
        actions: destinations.data.flatMap((d) => d.actions.map((a) => a.name)),
      }))
      .catch(() => {
        names = null;
        return { sources: [], triggers: [], versions: [], destinations: [], actions: [] };
      });
  }
  return names;
}

/** Drops what was read with the last token. */
export function forgetCatalog() {
  names = null;
}

function versions(map) {
  const entries = Object.entries(map || {});
  if (!entries.length) return h('span', { class: 'muted' }, 'none declared');
  return entries.map(([v, deprecatedAt]) =>
    h('span', { class: ['chip', deprecatedAt && 'chip-warn'], title: deprecatedAt ? `deprecated from ${deprecatedAt}` : 'maintained' }, v, deprecatedAt ? ` · deprecated ${time(deprecatedAt).slice(0, 10)}` : ''),
  );
}

function lockCell(lock) {
  if (lock === undefined) return h('span', { class: 'muted' }, '—');
  if (lock === null) return h('span', { class: 'muted', title: 'realtime actions take no lock' }, 'none (realtime)');
  if (!lock.held) return h('span', { class: 'lock lock-free', title: lock.key }, 'free');
  const holder = lock.holder ? `${lock.holder.name}${lock.holder.address ? ` @ ${lock.holder.address}` : ''}` : 'an instance';
  return h('span', { class: 'lock lock-held', title: `${lock.key}\nacquired ${lock.acquired_at}\nexpires ${lock.expires_at}` }, `held by ${holder}`, h('span', { class: 'muted' }, ` · until ${time(lock.expires_at).slice(11)}`));
}

function triggerDetails(t) {
  if (t.route) return h('span', {}, h('span', { class: 'mono' }, `${t.route.methods.join('|')} ${t.route.path}`));
  if (t.mode === 'cron') return h('span', { class: 'mono' }, t.schedule || '—');
  if (t.subscription) return h('span', {}, 'topic ', h('span', { class: 'mono' }, t.subscription.topic), ' · group ', h('span', { class: 'mono' }, t.subscription.subscription));
  return h('span', { class: 'muted' }, 'streams changes while it holds its lock');
}

export async function sourcesPage(page) {
  const sources = (await api.get('sources')).data;
  // Each trigger's own route adds its lock and event count.
  const detailed = await Promise.all(
    sources.map(async (source) => ({
      source,
      triggers: await Promise.all(source.triggers.map((t) => api.get(`sources/${encodeURIComponent(source.name)}/triggers/${encodeURIComponent(t.name)}`).then((a) => a.data))),
    })),
  );
  if (!page.isConnected) return;
  const triggerCount = detailed.reduce((n, d) => n + d.triggers.length, 0);
  mount(
    page,
    pageHead('Sources', `${number(sources.length)} sources with ${number(triggerCount)} triggers. Locks are held by the instance running a CRON or CDC trigger.`),
    detailed.length
      ? detailed.map(({ source, triggers }) =>
          panel(
            source.name,
            [
              facts(
                [
                  ['Versions', versions(source.versions)],
                  ['Default version', source.default_version || '—'],
                  ['Default schedule', source.default_schedule || '—'],
                ],
                { inline: true },
              ),
              table(
                [
                  { label: 'Trigger', cell: (t) => h('strong', {}, t.name) },
                  { label: 'Mode', cell: (t) => h('span', { class: `mode mode-${t.mode}` }, t.mode) },
                  { label: 'Route, schedule or topic', cell: triggerDetails },
                  { label: 'Lock', cell: (t) => (t.mode === 'cron' || t.mode === 'cdc' ? lockCell(t.lock) : h('span', { class: 'muted' }, 'none needed')) },
                  { label: 'Events stored', class: 'num', cell: (t) => h('a', { href: hashWith('events', { sources: source.name, triggers: t.name }) }, number(t.events)) },
                ],
                triggers,
                { rowProps: (t) => ({ dataset: { trigger: `${source.name}/${t.name}` } }), emptyText: 'This source has no triggers.', class: 'catalog-triggers' },
              ),
            ],
            { class: 'catalog-card', id: `source-${source.name}` },
          ),
        )
      : empty('The application has no sources.'),
  );
}

function schedule(s) {
  if (!s) return '—';
  return s.realtime ? h('span', { class: 'mode mode-realtime' }, 'realtime') : h('span', { class: 'mono' }, s.interval);
}

function rateCell(rate) {
  const tone = rate === null || rate === undefined ? 'none' : rate === 0 ? 'ok' : rate < 0.05 ? 'warn' : 'bad';
  return h('span', { class: `rate rate-${tone}`, title: 'failed, discarded and unknown jobs among those finished (latest status of each job)' }, percent(rate));
}

export async function destinationsPage(page) {
  const list = (await api.get('destinations')).data;
  const destinations = await Promise.all(list.map((d) => api.get(`destinations/${encodeURIComponent(d.name)}`).then((a) => a.data)));
  if (!page.isConnected) return;
  const actionCount = destinations.reduce((n, d) => n + d.actions.length, 0);
  mount(
    page,
    pageHead('Destinations', `${number(destinations.length)} destinations with ${number(actionCount)} actions. Schedules are the effective ones: action, then destination default, then built-in default.`),
    destinations.length
      ? destinations.map((d) =>
          panel(
            d.name,
            [
              facts(
                [
                  ['Versions', versions(d.versions)],
                  ['Default version', d.default_version || '—'],
                  ['Default schedule', d.default_schedule ? [schedule(d.default_schedule), d.default_schedule.max_retries !== null ? ` · ${d.default_schedule.max_retries} retries` : ''] : '—'],
                ],
                { inline: true },
              ),
              table(
                [
                  { label: 'Action', cell: (a) => h('strong', {}, a.name) },
                  { label: 'Schedule', cell: (a) => schedule(a.schedule) },
                  { label: 'Max retries', class: 'num', cell: (a) => number(a.schedule && a.schedule.max_retries) },
                  { label: 'Lock', cell: (a) => lockCell(a.lock) },
                  { label: 'Jobs by status', class: 'bar-cell', cell: (a) => statusBar(a.counts || {}, STATUS_COLORS, STATUSES) },
                  {
                    label: 'Pending',
                    class: 'num',
                    cell: (a) => number(((a.counts || {}).acknowledged || 0) + ((a.counts || {}).awaiting || 0) + ((a.counts || {}).executing || 0)),
                  },
                  { label: 'Succeeded', class: 'num', cell: (a) => number((a.counts || {}).succeeded || 0) },
                  {
                    label: 'Failed',
                    class: 'num',
                    cell: (a) => {
                      const n = (a.counts || {}).failed || 0;
                      return n ? h('a', { href: hashWith('jobs', { destinations: d.name, actions: a.name, status: 'failed' }), class: 'text-warn' }, number(n)) : '0';
                    },
                  },
                  {
                    label: 'Discarded',
                    class: 'num',
                    cell: (a) => {
                      const n = (a.counts || {}).discarded || 0;
                      return n ? h('a', { href: hashWith('jobs', { destinations: d.name, actions: a.name, status: 'discarded' }), class: 'text-bad' }, number(n)) : '0';
                    },
                  },
                  { label: 'Failing rate', class: 'num', cell: (a) => rateCell(a.failing_rate) },
                  { label: '', cell: (a) => h('a', { href: hashWith('jobs', { destinations: d.name, actions: a.name }) }, 'Jobs →') },
                ],
                d.actions,
                { rowProps: (a) => ({ dataset: { action: `${d.name}/${a.name}` } }), emptyText: 'This destination has no actions.', class: 'catalog-actions' },
              ),
            ],
            { class: 'catalog-card', id: `destination-${d.name}` },
          ),
        )
      : empty('The application has no destinations.'),
    h('p', { class: 'legend-note muted' }, STATUSES.map((st) => h('span', { class: 'legend-inline' }, h('span', { class: 'swatch', style: { background: STATUS_COLORS[st] } }), st)), ' — the bar splits each action\'s jobs by status.'),
  );
}


