// Jobs: the list with status, destination, action and attempt filters, and one job with its
// transition timeline and the operator's retry and discard.

import { api, ApiError, Unauthorized } from './api.js';
import { h, mount, panel, facts, errorBox, timeEl, time, idEl, badge, jsonBlock, number, duration, pageHead, table, pager, paging, field, datalist, hashWith, list, toast, STATUSES, RETRYABLE, DISCARDABLE } from './dom.js';
import { catalogNames } from './catalog.js';
import { openRow } from './events.js';

const TRANSITIONS_PAGE = 1000;

export async function jobsList(page, route) {
  const q = route.query;
  const state = paging(q);
  const statuses = list(q.get('status')).filter((st) => STATUSES.includes(st));
  state.query = {
    status: statuses.join(','),
    destinations: q.get('destinations') || '',
    actions: q.get('actions') || '',
    min_attempts: q.get('min_attempts') || '',
  };
  const filters = {
    'jobs.status_in': statuses,
    'jobs.destinations_in': list(state.query.destinations),
    'jobs.actions_in': list(state.query.actions),
    'jobs.min_attempts': state.query.min_attempts,
  };

  const go = (changes) => location.hash = hashWith('jobs', { ...state.query, limit: state.limit === 25 ? '' : state.limit, ...changes });
  const chips = h(
    'div',
    { class: 'chips', role: 'group', 'aria-label': 'Statuses' },
    h('span', { class: 'field-label' }, 'Status'),
    STATUSES.map((st) => {
      const on = statuses.includes(st);
      return h(
        'button',
        {
          type: 'button',
          class: ['chip-toggle', `status-${st}`, on && 'on'],
          'aria-pressed': String(on),
          dataset: { status: st },
          onclick: () => go({ status: (on ? statuses.filter((x) => x !== st) : [...statuses, st]).join(','), page: '' }),
        },
        st,
      );
    }),
  );
  const destinations = h('input', { id: 'f-destinations', type: 'text', list: 'names-destinations', autocomplete: 'off', spellcheck: 'false', value: state.query.destinations, placeholder: 'any' });
  const actions = h('input', { id: 'f-actions', type: 'text', list: 'names-actions', autocomplete: 'off', spellcheck: 'false', value: state.query.actions, placeholder: 'any' });
  const minAttempts = h('input', { id: 'f-min-attempts', type: 'number', min: '0', step: '1', value: state.query.min_attempts, placeholder: 'any' });
  const limit = h('select', { id: 'f-limit' }, [10, 25, 50, 100, 250].map((n) => h('option', { value: n, selected: n === state.limit }, `${n} per page`)));
  const lists = h('div', { hidden: true });
  catalogNames().then((n) => lists.replaceChildren(datalist('names-destinations', n.destinations), datalist('names-actions', n.actions)));
  const form = h(
    'form',
    {
      class: 'filters',
      id: 'job-filters',
      onsubmit: (event) => {
        event.preventDefault();
        go({
          destinations: list(destinations.value).join(','),
          actions: list(actions.value).join(','),
          min_attempts: minAttempts.value,
          limit: Number(limit.value) === 25 ? '' : limit.value,
          page: '',
        });
      },
    },
    field('Destinations', destinations, 'comma-separated'),
    field('Actions', actions, 'comma-separated'),
    field('Min. attempts', minAttempts),
    field('Page size', limit),
    h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'f-apply' }, 'Apply'), h('a', { class: 'btn', href: '#/jobs', id: 'f-reset' }, 'Reset')),
    lists,
  );

  const results = h('div', { id: 'job-results' });
  mount(page, pageHead('Jobs', 'Newest first, with the status of their latest transition.'), h('div', { class: 'filters-box' }, chips, form), results);

  let answer;
  try {
    answer = await api.get('store/jobs', { ...filters, offset: state.offset, limit: state.limit });
  } catch (e) {
    if (e instanceof ApiError && e.status === 400) {
      mount(results, errorBox(e, 'These filters were refused'));
      return;
    }
    throw e;
  }
  if (!page.isConnected) return;

  // A bulk retry takes the same filters; only failed, discarded and unknown jobs are retried.
  const retryable = statuses.length === 0 || statuses.every((st) => RETRYABLE.has(st));
  const bulk = retryable && answer.meta.count > 0
    ? h('button', { type: 'button', class: 'btn btn-small', id: 'retry-matching', onclick: () => retryMatching(filters, statuses) }, 'Retry matching…')
    : null;
  mount(
    results,
    panel(
      statuses.length || filters['jobs.destinations_in'].length || filters['jobs.actions_in'].length || state.query.min_attempts ? 'Matching jobs' : 'All jobs',
      [
        table(
          [
            { label: 'Created (UTC)', class: 'nowrap', cell: (j) => timeEl(j.created_at) },
            { label: 'Job', cell: (j) => idEl(j.id, `#/jobs/${encodeURIComponent(j.id)}`) },
            { label: 'Destination', cell: (j) => j.destination },
            { label: 'Action', cell: (j) => j.action },
            { label: 'Status', cell: (j) => badge(j.status) },
            { label: 'Attempt', class: 'num', cell: (j) => number(j.attempt) },
            { label: 'Last change (UTC)', class: 'nowrap', cell: (j) => timeEl(j.transition && j.transition.created_at) },
            { label: 'Last error', class: 'error-cell', cell: (j) => errorText(j.transition && j.transition.error) },
            { label: 'Event', cell: (j) => idEl(j.event_id, `#/events/${encodeURIComponent(j.event_id)}`) },
          ],
          answer.data,
          {
            rowProps: (j) => ({ class: 'row-link', dataset: { id: j.id, status: j.status, action: j.action }, onclick: (ev) => openRow(ev, `#/jobs/${encodeURIComponent(j.id)}`) }),
            emptyText: 'No job matches these filters.',
          },
        ),
        pager(answer.meta, state, 'jobs'),
      ],
      { tools: [bulk, h('span', { class: 'muted', id: 'job-count', dataset: { count: String(answer.meta.count) } }, `${number(answer.meta.count)} jobs`)] },
    ),
  );
}

/** One line of an error document: its message, or the JSON. */
function errorText(error) {
  if (error === null || error === undefined) return h('span', { class: 'muted' }, '—');
  const text = typeof error === 'object' && typeof error.message === 'string' ? error.message : JSON.stringify(error);
  return h('span', { class: 'error-text', title: text }, text.length > 80 ? `${text.slice(0, 79)}…` : text);
}

async function retryMatching(filters, statuses) {
  const which = statuses.length ? statuses.join(', ') : 'failed, discarded or unknown';
  if (!window.confirm(`Retry every ${which} job matching these filters? Each goes back to acknowledged and is loaded on its action's next run.`)) return;
  try {
    const answer = await api.post('store/jobs/retry', filters);
    // Shows the list again (the retried jobs changed status), then says how many were retried.
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    toast(`${number(answer.data.retried)} jobs retried`);
  } catch (e) {
    if (!(e instanceof Unauthorized)) toast(e instanceof ApiError ? e.details().join('; ') : e.message, 'error');
  }
}

async function transitionsOf(id) {
  const path = `store/jobs/${encodeURIComponent(id)}/transitions`;
  const first = await api.get(path, { limit: TRANSITIONS_PAGE });
  if (first.meta.count <= TRANSITIONS_PAGE) return { items: first.data, skipped: 0 };
  // Very long histories: the latest transitions matter most.
  const skipped = first.meta.count - TRANSITIONS_PAGE;
  const last = await api.get(path, { offset: skipped, limit: TRANSITIONS_PAGE });
  return { items: last.data, skipped };
}

function timeline(transitions, skipped, fresh) {
  let previous = null;
  const items = transitions.map((t) => {
    const gap = previous ? Date.parse(t.created_at) - Date.parse(previous.created_at) : null;
    previous = t;
    return h(
      'li',
      { class: ['t-item', `t-${t.state_after}`, fresh.has(t.id) && 't-new'], dataset: { id: t.id, stateAfter: t.state_after, stateBefore: t.state_before || '', attempt: String(t.attempt) } },
      h('span', { class: 't-marker', 'aria-hidden': 'true' }),
      h(
        'div',
        { class: 't-line' },
        h('span', { class: 't-attempt' }, `attempt ${t.attempt}`),
        h('span', { class: 't-change' }, t.state_before ? badge(t.state_before) : h('span', { class: 'badge badge-none' }, 'new'), h('span', { class: 't-arrow' }, '→'), badge(t.state_after)),
        h('span', { class: 't-time' }, timeEl(t.created_at, { millis: true })),
        gap !== null ? h('span', { class: 't-gap muted', title: 'since the previous transition' }, `+${duration(gap)}`) : null,
        fresh.has(t.id) ? h('span', { class: 't-fresh' }, 'new') : null,
      ),
      t.error !== null && t.error !== undefined ? errorDetail(t.error, t === transitions[transitions.length - 1]) : null,
    );
  });
  return h(
    'div',
    {},
    skipped ? h('p', { class: 'muted' }, `The first ${number(skipped)} transitions are not shown.`) : null,
    h('ol', { class: 'timeline', id: 'timeline' }, items),
  );
}

/** A transition's error: its message on one line, the whole JSON behind a disclosure. */
function errorDetail(error, latest) {
  const message = error && typeof error === 'object' && typeof error.message === 'string' ? error.message : null;
  const type = error && typeof error === 'object' && typeof error.type === 'string' ? error.type : null;
  return h(
    'div',
    { class: 't-error' },
    h('div', { class: 't-error-line' }, h('span', { class: 't-error-message' }, message || 'error'), type ? h('span', { class: 't-error-type' }, type) : null),
    h('details', { class: 't-error-json', open: latest && !message }, h('summary', {}, 'JSON'), jsonBlock(error)),
  );
}

export async function jobDetail(page, route, id) {
  let known = null;

  async function load(notice) {
    const [job, transitions] = await Promise.all([api.get(`store/jobs/${encodeURIComponent(id)}`).then((a) => a.data), transitionsOf(id)]);
    if (!page.isConnected) return;
    const fresh = new Set(known ? transitions.items.map((t) => t.id).filter((x) => !known.has(x)) : []);
    known = new Set(transitions.items.map((t) => t.id));
    render(job, transitions, fresh, notice);
  }

  async function act(verb, button) {
    if (verb === 'discard' && !window.confirm('Discard this job? It will not be loaded again unless it is retried.')) return;
    for (const b of page.querySelectorAll('.job-actions button')) b.disabled = true;
    button.textContent = verb === 'retry' ? 'Retrying…' : 'Discarding…';
    let notice = null;
    try {
      const answer = await api.post(`store/jobs/${encodeURIComponent(id)}/${verb}`);
      toast(verb === 'retry' ? `Job retried: ${answer.data.status}, loaded on its action's next run` : 'Job discarded');
    } catch (e) {
      if (e instanceof Unauthorized) return;
      notice = e;
      toast(e instanceof ApiError ? e.details().join('; ') : e.message, 'error');
    }
    await load(notice);
  }

  function render(job, transitions, fresh, notice) {
    const retry = h('button', { type: 'button', id: 'job-retry', class: 'btn btn-primary', disabled: !RETRYABLE.has(job.status), title: RETRYABLE.has(job.status) ? 'Back to acknowledged; loaded on its action\'s next run' : `A ${job.status} job cannot be retried`, onclick: () => act('retry', retry) }, 'Retry');
    const discard = h('button', { type: 'button', id: 'job-discard', class: 'btn btn-danger', disabled: !DISCARDABLE.has(job.status), title: DISCARDABLE.has(job.status) ? 'Never loaded again unless retried' : `A ${job.status} job cannot be discarded`, onclick: () => act('discard', discard) }, 'Discard');
    const refresh = h('button', { type: 'button', class: 'btn', id: 'job-refresh', onclick: () => load() }, 'Refresh');
    mount(
      page,
      pageHead(
        h('span', {}, 'Job ', h('span', { class: 'mono title-id', id: 'job-id' }, job.id), ' ', h('span', { id: 'job-status' }, badge(job.status))),
        `${job.destination} / ${job.action} · attempt ${job.attempt} · created ${time(job.created_at)} UTC`,
        h('div', { class: 'job-actions' }, refresh, discard, retry),
      ),
      notice ? errorBox(notice, 'The action was refused') : null,
      h(
        'div',
        { class: 'grid-side' },
        h(
          'div',
          { class: 'main-col' },
          panel(`Transitions (${number(transitions.items.length + transitions.skipped)})`, timeline(transitions.items, transitions.skipped, fresh), { id: 'job-transitions' }),
          panel('Data', jsonBlock(job.data)),
          panel('Context', jsonBlock(job.context)),
        ),
        h(
          'div',
          { class: 'side' },
          panel(
            'Job',
            facts([
              ['Status', badge(job.status)],
              ['Destination', h('a', { href: hashWith('jobs', { destinations: job.destination }) }, job.destination)],
              ['Action', h('a', { href: hashWith('jobs', { destinations: job.destination, actions: job.action }) }, job.action)],
              ['Attempt', number(job.attempt)],
              ['Version', job.version],
              ['Created at', timeEl(job.created_at, { millis: true })],
              ['Last change', timeEl(job.transition && job.transition.created_at, { millis: true })],
              ['Event', idEl(job.event_id, `#/events/${encodeURIComponent(job.event_id)}`)],
              ['Parent job', job.parent_job_id ? idEl(job.parent_job_id, `#/jobs/${encodeURIComponent(job.parent_job_id)}`) : null],
            ]),
          ),
        ),
      ),
    );
  }

  await load();
}
