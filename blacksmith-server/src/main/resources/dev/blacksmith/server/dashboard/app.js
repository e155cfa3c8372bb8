// The dashboard's entry point: the login form, the page shell and the hash router
// (#/, #/events, #/events/<id>, #/jobs, #/jobs/<id>, #/sources, #/destinations).

import { api, session, onUnauthorized, Unauthorized, Unreachable, ApiError } from './api.js';
import { h, s, mount, errorBox, loading, toast } from './dom.js';
import { overview } from './overview.js';
import { eventsList, eventDetail } from './events.js';
import { jobsList, jobDetail } from './jobs.js';
import { sourcesPage, destinationsPage, forgetCatalog } from './catalog.js';

const root = document.getElementById('app');

const NAV = [
  { key: 'overview', label: 'Overview', href: '#/' },
  { key: 'events', label: 'Events', href: '#/events' },
  { key: 'jobs', label: 'Jobs', href: '#/jobs' },
  { key: 'sources', label: 'Sources', href: '#/sources' },
  { key: 'destinations', label: 'Destinations', href: '#/destinations' },
];

const ROUTES = {
  '': overview,
  events: (page, route) => (route.segments[1] ? eventDetail(page, route, route.segments[1]) : eventsList(page, route)),
  jobs: (page, route) => (route.segments[1] ? jobDetail(page, route, route.segments[1]) : jobsList(page, route)),
  sources: sourcesPage,
  destinations: destinationsPage,
};

let shell = null;
let cleanup = null;

function logo(size = 22) {
  return s(
    'svg',
    { class: 'logo', width: size, height: size, viewBox: '0 0 32 32', 'aria-hidden': 'true' },
    s('path', { d: 'M4 9h17c0 3.5 2.6 5.5 7 5.5V17c-3.3 0-5.4 1.2-6.2 3.5H10.5C9.6 16.4 7 14 4 13.4z', fill: 'currentColor' }),
    s('path', { d: 'M11 22h10l2.5 5h-15z', fill: 'currentColor' }),
    s('circle', { cx: 24.5, cy: 6, r: 2, class: 'ember' }),
  );
}

export function parseHash(hash = location.hash) {
  const raw = hash.replace(/^#\/?/, '');
  const at = raw.indexOf('?');
  const path = at < 0 ? raw : raw.slice(0, at);
  const query = new URLSearchParams(at < 0 ? '' : raw.slice(at + 1));
  const segments = path.split('/').filter(Boolean).map((x) => decodeURIComponent(x));
  return { segments, query };
}

function teardown() {
  if (typeof cleanup === 'function') {
    try {
      cleanup();
    } catch {
      // A page's cleanup failing must not keep the next page from showing.
    }
  }
  cleanup = null;
}

function showLogin(message) {
  teardown();
  shell = null;
  forgetCatalog();
  document.title = 'Sign in · Blacksmith';
  const input = h('input', {
    id: 'login-token',
    name: 'token',
    type: 'password',
    autocomplete: 'current-password',
    spellcheck: 'false',
    placeholder: 'BLACKSMITH_ADMIN_TOKEN',
    'aria-describedby': 'login-error',
  });
  const error = h('div', { class: 'login-error', id: 'login-error', role: 'alert' }, message || '');
  const button = h('button', { id: 'login-submit', type: 'submit', class: 'btn btn-primary btn-block' }, 'Sign in');
  const form = h(
    'form',
    {
      class: 'login-card',
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        const token = input.value.trim();
        if (!token) {
          error.textContent = 'Enter the admin token.';
          input.focus();
          return;
        }
        button.disabled = true;
        button.textContent = 'Checking…';
        error.textContent = '';
        try {
          const answer = await api.verify(token);
          session.set(token);
          start(answer.data);
        } catch (e) {
          error.textContent =
            e instanceof Unauthorized
              ? 'This token was not accepted (401). Use BLACKSMITH_ADMIN_TOKEN, or the token the server logged when it started.'
              : e instanceof Unreachable
                ? 'The server cannot be reached. Is it running?'
                : `Sign-in failed: ${e.message}`;
          button.disabled = false;
          button.textContent = 'Sign in';
          input.select();
        }
      },
    },
    h('div', { class: 'login-brand' }, logo(30), h('span', {}, 'Blacksmith')),
    h('h1', {}, 'Operator dashboard'),
    h('p', { class: 'muted' }, 'Enter the admin token to see events, jobs, sources and destinations, and to retry or discard jobs.'),
    h('label', { for: 'login-token' }, 'Admin token'),
    input,
    error,
    button,
    h('p', { class: 'fine' }, 'The token stays in this browser tab (session storage) and is sent with every call to the admin API.'),
  );
  mount(root, h('main', { class: 'login' }, form));
  input.focus();
}

function jumpForm() {
  const input = h('input', { id: 'jump', type: 'search', placeholder: 'Go to event or job id', spellcheck: 'false', 'aria-label': 'Go to an event or job by id' });
  return h(
    'form',
    {
      class: 'jump',
      role: 'search',
      onsubmit: async (event) => {
        event.preventDefault();
        const id = input.value.trim();
        if (!id) return;
        for (const [path, route] of [['store/jobs', 'jobs'], ['store/events', 'events']]) {
          try {
            await api.get(`${path}/${encodeURIComponent(id)}`);
            input.value = '';
            location.hash = `#/${route}/${encodeURIComponent(id)}`;
            return;
          } catch (e) {
            if (!(e instanceof ApiError) || e.status !== 404) {
              if (!(e instanceof Unauthorized)) toast(e.message, 'error');
              return;
            }
          }
        }
        toast(`No event or job has the id ${id}`, 'error');
      },
    },
    input,
  );
}

function buildShell(options) {
  const nav = h(
    'nav',
    { class: 'nav', 'aria-label': 'Sections' },
    NAV.map((item) => h('a', { href: item.href, dataset: { nav: item.key } }, item.label)),
  );
  const meta = h('span', { class: 'topbar-meta', id: 'instance-meta' });
  const signOut = h(
    'button',
    {
      type: 'button',
      id: 'sign-out',
      class: 'btn btn-ghost',
      onclick: () => {
        session.clear();
        showLogin('Signed out.');
      },
    },
    'Sign out',
  );
  const main = h('main', { id: 'main', class: 'main' });
  mount(
    root,
    h('header', { class: 'topbar' }, h('a', { class: 'brand', href: '#/' }, logo(), h('span', {}, 'Blacksmith')), nav, h('div', { class: 'spacer' }), jumpForm(), meta, signOut),
    main,
  );
  shell = { nav, main, meta };
  showInstance(options);
}

function showInstance(options) {
  if (!shell || !options) return;
  const store = options.store && options.store.name;
  const services = Object.entries(options.services || {})
    .filter(([, v]) => v)
    .map(([k]) => k);
  shell.meta.textContent = [store && `store ${store}`, services.length && services.join(' + ')].filter(Boolean).join(' · ');
}

function route() {
  if (!shell) return;
  teardown();
  const current = parseHash();
  const key = current.segments[0] || '';
  for (const a of shell.nav.querySelectorAll('a')) {
    a.classList.toggle('active', a.dataset.nav === (key || 'overview'));
  }
  const notice = document.getElementById('toast');
  if (notice) notice.classList.remove('show');
  const render = ROUTES[key];
  const page = h('div', { class: 'page', dataset: { page: key || 'overview' } });
  mount(shell.main, page);
  window.scrollTo(0, 0);
  if (!render) {
    mount(page, errorBox({ message: `There is no page at ${location.hash}.` }, 'Not found'), h('p', {}, h('a', { href: '#/' }, 'Back to the overview')));
    return;
  }
  page.append(loading());
  Promise.resolve()
    .then(() => render(page, current))
    .then((done) => {
      if (page.isConnected) cleanup = done;
      else if (typeof done === 'function') done();
    })
    .catch((e) => {
      if (e instanceof Unauthorized || !page.isConnected) return;
      mount(page, errorBox(e, 'This page could not be loaded'));
    });
}

function start(options) {
  buildShell(options);
  if (!options) {
    api
      .get('options')
      .then((answer) => showInstance(answer.data))
      .catch(() => {});
  }
  route();
}

onUnauthorized(() => showLogin('Your session ended: the admin token was not accepted. Sign in again.'));
window.addEventListener('hashchange', route);

if (session.token()) start(null);
else showLogin();
