// DOM building and formatting. Everything is built with elements and text nodes, never from HTML
// strings, so stored data (event payloads, error messages) can never become markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
  return parent;
}

function apply(el, props) {
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    else if (key === 'text') el.textContent = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'style') Object.assign(el.style, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  return el;
}

/** An HTML element: h('a', {href: '#/', class: 'x'}, 'text', child, [more]). */
export function h(tag, props, ...children) {
  return append(apply(document.createElement(tag), props), children);
}

/** An SVG element. */
export function s(tag, props, ...children) {
  return append(apply(document.createElementNS(SVG_NS, tag), props), children);
}

/** Replaces the children of {@code el}. */
export function mount(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

export const STATUSES = ['acknowledged', 'awaiting', 'executing', 'succeeded', 'failed', 'discarded', 'unknown'];
export const RETRYABLE = new Set(['failed', 'discarded', 'unknown']);
export const DISCARDABLE = new Set(['acknowledged', 'failed', 'unknown']);

/** The colour of each status, shared by badges, tiles and charts. */
export const STATUS_COLORS = {
  acknowledged: '#6366f1',
  awaiting: '#a855f7',
  executing: '#0ea5e9',
  succeeded: '#16a34a',
  failed: '#f59e0b',
  discarded: '#dc2626',
  unknown: '#64748b',
};

export function badge(status) {
  return h('span', { class: `badge status-${status}`, dataset: { status } }, status || 'none');
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** An instant as {@code 2024-05-01 10:00:03} in UTC, the zone of every time on the page. */
export function time(iso, { millis = false } = {}) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return millis ? `${base}.${pad(d.getUTCMilliseconds(), 3)}` : base;
}

export function clock(ms) {
  const d = new Date(ms);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export function clockSeconds(ms) {
  const d = new Date(ms);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** A {@code <time>} element showing UTC, with the full ISO instant on hover. */
export function timeEl(iso, options) {
  return h('time', { datetime: iso || null, title: iso || null }, time(iso, options));
}

const numberFormat = new Intl.NumberFormat('en-US');

export function number(n) {
  if (n === null || n === undefined) return '—';
  return numberFormat.format(n);
}

/** A count in few characters: 950, 12.3k, 4.1M. */
export function compact(n) {
  if (n === null || n === undefined) return '—';
  const a = Math.abs(n);
  if (a >= 1e9) return `${trim(n / 1e9)}G`;
  if (a >= 1e6) return `${trim(n / 1e6)}M`;
  if (a >= 1e4) return `${trim(n / 1e3)}k`;
  return Number.isInteger(n) ? numberFormat.format(n) : trim(n);
}

function trim(x) {
  const a = Math.abs(x);
  return String(Number(x.toFixed(a >= 100 ? 0 : a >= 10 ? 1 : 2)));
}

export function percent(rate) {
  if (rate === null || rate === undefined) return '—';
  const p = rate * 100;
  if (p === 0) return '0%';
  if (p < 0.1) return '<0.1%';
  return `${p < 10 ? p.toFixed(1) : Math.round(p)}%`;
}

/** A duration in its largest sensible unit: 850 ms, 4.2 s, 3 min, 2 h 5 min, 3 d. */
export function duration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const sec = ms / 1000;
  if (sec < 60) return `${sec < 10 ? sec.toFixed(1) : Math.round(sec)} s`;
  const min = Math.floor(sec / 60);
  if (min < 60) return `${min} min`;
  const hours = Math.floor(min / 60);
  if (hours < 48) return min % 60 ? `${hours} h ${min % 60} min` : `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

/** An ISO-8601 duration (PT10S, PT1H30M, P1D) in words, or the text as it is. */
export function isoDuration(text) {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(text || '');
  if (!m) return text || '—';
  const ms = ((+m[1] || 0) * 86400 + (+m[2] || 0) * 3600 + (+m[3] || 0) * 60 + (+m[4] || 0)) * 1000;
  return duration(ms);
}

/** The id, shortened to its distinctive tail for lists; the whole id is in the title. */
export function idEl(id, href) {
  const tail = id && id.length > 13 ? `…${id.slice(-12)}` : id;
  const props = { class: 'id', title: id, dataset: { id } };
  return href ? h('a', { ...props, href }, tail) : h('span', props, tail);
}

/** Pretty JSON in a {@code <pre>}; long documents fold behind a summary. */
export function jsonBlock(value, { label, open = false } = {}) {
  const text = value === null || value === undefined ? 'null' : JSON.stringify(value, null, 2);
  const pre = h('pre', { class: 'json' }, text);
  const lines = text.split('\n').length;
  if (lines <= 12 && !label) return pre;
  return h(
    'details',
    { class: 'json-fold', open: open || lines <= 12 },
    h('summary', {}, label || 'JSON', h('span', { class: 'muted' }, ` · ${lines} lines`)),
    pre,
  );
}

/** A panel with a title bar (and optional tools on its right) around {@code body}. */
export function panel(title, body, { tools, id, class: cls } = {}) {
  return h(
    'section',
    { class: ['panel', cls], id },
    title || tools ? h('header', { class: 'panel-head' }, h('h2', {}, title), tools ? h('div', { class: 'tools' }, tools) : null) : null,
    h('div', { class: 'panel-body' }, body),
  );
}

/** A definition list of [label, value] pairs; {@code inline} puts them on one line. */
export function facts(pairs, { inline = false } = {}) {
  return h(
    'dl',
    { class: ['facts', inline && 'facts-inline'] },
    pairs.filter(Boolean).map(([k, v]) => h('div', { class: 'fact' }, h('dt', {}, k), h('dd', {}, v === null || v === undefined || v === '' ? '—' : v))),
  );
}

/** An error box: the message and one line per validation. */
export function errorBox(error, title = 'Something went wrong') {
  const lines = typeof error.details === 'function' ? error.details() : [error.message || String(error)];
  return h(
    'div',
    { class: 'alert alert-error', role: 'alert' },
    h('strong', {}, error.status ? `${title} (${error.status})` : title),
    h('ul', {}, lines.map((l) => h('li', {}, l))),
  );
}

export function loading(text = 'Loading…') {
  return h('div', { class: 'loading' }, h('span', { class: 'spinner' }), text);
}

export function empty(text) {
  return h('div', { class: 'empty' }, text);
}

let toastTimer;

/** A short notice at the bottom of the page. */
export function toast(message, kind = 'ok') {
  let el = document.getElementById('toast');
  if (!el) {
    el = h('div', { id: 'toast', role: 'status', 'aria-live': 'polite' });
    document.body.appendChild(el);
  }
  el.className = `toast toast-${kind} show`;
  el.textContent = message;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('show'), 4000);
}

/** The hash route of a list with the given query, leaving out empty values. */
export function hashWith(path, query) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && String(v) !== '') params.set(k, String(v));
  }
  const q = params.toString();
  return `#/${path}${q ? `?${q}` : ''}`;
}

/** Splits "a, b,c" into ['a', 'b', 'c']. */
export function list(text) {
  return (text || '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

/**
 * The pagination of a list from the API's {@code meta}: where this page is in the results, and
 * links to the first, previous, next and last pages (page numbers from 1).
 */
export function pager(meta, state, path) {
  const p = meta.pagination;
  const from = meta.count === 0 ? 0 : (p.current - 1) * state.limit + 1;
  const to = Math.min(meta.count, p.current * state.limit);
  const link = (label, pageNumber, cls, key) =>
    pageNumber
      ? h('a', { class: ['btn', 'btn-small', cls], href: hashWith(path, { ...state.query, page: pageNumber === 1 ? '' : pageNumber, limit: state.limit === 25 ? '' : state.limit }), dataset: { page: key } }, label)
      : h('span', { class: ['btn', 'btn-small', 'disabled', cls], 'aria-disabled': 'true', dataset: { page: key } }, label);
  return h(
    'div',
    { class: 'pager' },
    h('span', { class: 'pager-range', dataset: { count: String(meta.count) } }, meta.count === 0 ? 'No results' : `${number(from)}–${number(to)} of ${number(meta.count)}`),
    h(
      'div',
      { class: 'pager-links' },
      link('« First', p.current > 1 ? 1 : null, null, 'first'),
      link('‹ Previous', p.previous, null, 'previous'),
      h('span', { class: 'pager-current' }, `Page ${number(p.current)} of ${number(p.last)}`),
      link('Next ›', p.next, null, 'next'),
      link('Last »', p.current < p.last ? p.last : null, null, 'last'),
    ),
  );
}

/** The page and page size of a list route, from its query. */
export function paging(query) {
  const limit = [10, 25, 50, 100, 250].includes(Number(query.get('limit'))) ? Number(query.get('limit')) : 25;
  const page = Math.max(1, Math.floor(Number(query.get('page')) || 1));
  return { page, limit, offset: (page - 1) * limit };
}

/** A labelled form field. */
export function field(label, input, hint) {
  return h('label', { class: 'field' }, h('span', { class: 'field-label' }, label, hint ? h('span', { class: 'field-hint' }, hint) : null), input);
}

/** A {@code <datalist>} of suggestions, referenced by an input's {@code list} attribute. */
export function datalist(id, values) {
  return h('datalist', { id }, [...new Set(values)].sort().map((v) => h('option', { value: v })));
}

/** The page's title block. */
export function pageHead(title, subtitle, tools) {
  return h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, title), subtitle ? h('p', { class: 'subtitle' }, subtitle) : null), tools ? h('div', { class: 'tools' }, tools) : null);
}

/** A table from column definitions [{label, cell: row => node, class}] and rows. */
export function table(columns, rows, { rowProps, emptyText = 'Nothing to show.', class: cls } = {}) {
  if (!rows.length) return empty(emptyText);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: ['table', cls] },
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { class: c.class }, c.label)))),
      h('tbody', {}, rows.map((row) => h('tr', rowProps ? rowProps(row) : {}, columns.map((c) => h('td', { class: c.class }, c.cell(row)))))),
    ),
  );
}
