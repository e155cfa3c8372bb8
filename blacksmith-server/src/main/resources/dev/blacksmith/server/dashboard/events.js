// Events: the list with the admin API's event filters and pagination, and one event with its jobs.

import { api, ApiError } from './api.js';
import { h, mount, panel, facts, errorBox, time, timeEl, idEl, badge, jsonBlock, number, pageHead, table, pager, paging, field, datalist, hashWith, list, STATUSES } from './dom.js';
import { catalogNames } from './catalog.js';

/** Filters of the events list: the hash query key, the API key, and how the form shows it. */
const FILTERS = [
  { key: 'sources', api: 'events.sources_in', label: 'Sources', list: 'names-sources', hint: 'comma-separated' },
  { key: 'triggers', api: 'events.triggers_in', label: 'Triggers', list: 'names-triggers', hint: 'comma-separated' },
  { key: 'versions', api: 'events.versions_in', label: 'Versions', list: 'names-versions', hint: 'comma-separated' },
  { key: 'after', api: 'events.received_after', label: 'Received after', hint: 'UTC', date: true },
  { key: 'before', api: 'events.received_before', label: 'Received before', hint: 'UTC', date: true },
];

/** How many of an event's jobs are in each status, as small badges. */
export function jobSummary(jobs) {
  if (!jobs.length) return h('span', { class: 'muted' }, 'no jobs');
  const counts = {};
  for (const j of jobs) counts[j.status] = (counts[j.status] || 0) + 1;
  return h(
    'span',
    { class: 'job-summary' },
    STATUSES.filter((st) => counts[st]).map((st) => h('span', { class: `badge badge-count status-${st}`, title: `${counts[st]} ${st}` }, `${counts[st]} ${st}`)),
  );
}

export async function eventsList(page, route) {
  const q = route.query;
  const state = paging(q);
  state.query = {};
  for (const f of FILTERS) state.query[f.key] = q.get(f.key) || '';
  const params = { offset: state.offset, limit: state.limit };
  // Times go as typed: the API reads an offset when there is one, and UTC otherwise.
  for (const f of FILTERS) params[f.api] = f.date ? state.query[f.key] : list(state.query[f.key]);

  const inputs = {};
  for (const f of FILTERS) {
    inputs[f.key] = f.date
      ? h('input', { id: `f-${f.key}`, name: f.key, type: 'text', autocomplete: 'off', spellcheck: 'false', value: state.query[f.key], placeholder: 'e.g. 2024-05-01 10:00' })
      : h('input', { id: `f-${f.key}`, name: f.key, type: 'text', list: f.list, autocomplete: 'off', spellcheck: 'false', value: state.query[f.key], placeholder: 'any' });
  }
  const limit = h('select', { id: 'f-limit', name: 'limit' }, [10, 25, 50, 100, 250].map((n) => h('option', { value: n, selected: n === state.limit }, `${n} per page`)));
  const lists = h('div', { hidden: true });
  const form = h(
    'form',
    {
      class: 'filters',
      id: 'event-filters',
      onsubmit: (event) => {
        event.preventDefault();
        const next = {};
        for (const f of FILTERS) next[f.key] = f.date ? inputs[f.key].value.trim() : list(inputs[f.key].value).join(',');
        next.limit = Number(limit.value) === 25 ? '' : limit.value;
        location.hash = hashWith('events', next);
      },
    },
    FILTERS.map((f) => field(f.label, inputs[f.key], f.hint)),
    field('Page size', limit),
    h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'f-apply' }, 'Apply'), h('a', { class: 'btn', href: '#/events', id: 'f-reset' }, 'Reset')),
    lists,
  );
  catalogNames().then((n) => lists.replaceChildren(datalist('names-sources', n.sources), datalist('names-triggers', n.triggers), datalist('names-versions', n.versions)));

  const results = h('div', { id: 'event-results' });
  const filtered = FILTERS.some((f) => state.query[f.key]);
  mount(page, pageHead('Events', 'Newest first. Filters combine; several values in one filter match any of them.'), form, results);

  let answer;
  try {
    answer = await api.get('store/events', params);
  } catch (e) {
    if (e instanceof ApiError && e.status === 400) {
      mount(results, errorBox(e, 'These filters were refused'));
      return;
    }
    throw e;
  }
  if (!page.isConnected) return;
  mount(
    results,
    panel(
      filtered ? 'Matching events' : 'All events',
      [
        table(
          [
            { label: 'Received (UTC)', cell: (e) => timeEl(e.received_at), class: 'nowrap' },
            { label: 'Event', cell: (e) => idEl(e.id, `#/events/${encodeURIComponent(e.id)}`) },
            { label: 'Source', cell: (e) => h('a', { href: hashWith('events', { sources: e.source }) }, e.source) },
            { label: 'Trigger', cell: (e) => h('a', { href: hashWith('events', { sources: e.source, triggers: e.trigger }) }, e.trigger) },
            { label: 'Version', cell: (e) => e.version || h('span', { class: 'muted' }, '—') },
            { label: 'Jobs', cell: (e) => jobSummary(e.jobs) },
            { label: 'Parent', cell: (e) => (e.parent_event_id ? idEl(e.parent_event_id, `#/events/${encodeURIComponent(e.parent_event_id)}`) : h('span', { class: 'muted' }, '—')) },
          ],
          answer.data,
          {
            rowProps: (e) => ({ class: 'row-link', dataset: { id: e.id, source: e.source, trigger: e.trigger }, onclick: (ev) => openRow(ev, `#/events/${encodeURIComponent(e.id)}`) }),
            emptyText: filtered ? 'No event matches these filters.' : 'No events yet.',
          },
        ),
        pager(answer.meta, state, 'events'),
      ],
      { tools: h('span', { class: 'muted', id: 'event-count', dataset: { count: String(answer.meta.count) } }, `${number(answer.meta.count)} events`) },
    ),
  );
}

/** Opens a row's page on a click outside its links. */
export function openRow(event, href) {
  if (event.target.closest('a, button, input, select')) return;
  if (window.getSelection && String(window.getSelection())) return;
  location.hash = href;
}

export async function eventDetail(page, route, id) {
  const event = (await api.get(`store/events/${encodeURIComponent(id)}`)).data;
  if (!page.isConnected) return;
  mount(
    page,
    pageHead(h('span', {}, 'Event ', h('span', { class: 'mono title-id', id: 'event-id' }, event.id)), `${event.source} / ${event.trigger} · received ${time(event.received_at)} UTC`, h('a', { class: 'btn btn-small', href: hashWith('events', { sources: event.source, triggers: event.trigger }) }, 'Events of this trigger')),
    h(
      'div',
      { class: 'grid-side' },
      h(
        'div',
        { class: 'main-col' },
        panel(
          `Jobs (${number(event.jobs.length)})`,
          table(
            [
              { label: 'Job', cell: (j) => idEl(j.id, `#/jobs/${encodeURIComponent(j.id)}`) },
              { label: 'Destination', cell: (j) => j.destination },
              { label: 'Action', cell: (j) => j.action },
              { label: 'Status', cell: (j) => badge(j.status) },
              { label: 'Attempt', class: 'num', cell: (j) => number(j.attempt) },
              { label: 'Version', cell: (j) => j.version || '—' },
              { label: 'Last change (UTC)', class: 'nowrap', cell: (j) => timeEl(j.transition && j.transition.created_at) },
              { label: 'Parent job', cell: (j) => (j.parent_job_id ? idEl(j.parent_job_id, `#/jobs/${encodeURIComponent(j.parent_job_id)}`) : h('span', { class: 'muted' }, '—')) },
            ],
            event.jobs,
            { rowProps: (j) => ({ class: 'row-link', dataset: { id: j.id, status: j.status }, onclick: (ev) => openRow(ev, `#/jobs/${encodeURIComponent(j.id)}`) }), emptyText: 'No job was created for this event.' },
          ),
          { id: 'event-jobs' },
        ),
        panel('Context', jsonBlock(event.context)),
        panel('Data', jsonBlock(event.data)),
      ),
      h(
        'div',
        { class: 'side' },
        panel(
          'Event',
          facts([
            ['Id', h('span', { class: 'mono' }, event.id)],
            ['Source', h('a', { href: hashWith('events', { sources: event.source }) }, event.source)],
            ['Trigger', event.trigger],
            ['Version', event.version],
            ['Sent at', event.sent_at ? timeEl(event.sent_at, { millis: true }) : null],
            ['Received at', timeEl(event.received_at, { millis: true })],
            ['Ingested at', timeEl(event.ingested_at, { millis: true })],
            ['Parent event', event.parent_event_id ? idEl(event.parent_event_id, `#/events/${encodeURIComponent(event.parent_event_id)}`) : null],
          ]),
        ),
      ),
    ),
  );
}
