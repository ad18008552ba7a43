// The dashboard's shell: pages, router (history API under /ui), API access with the token, the
// token prompt, the "server unreachable" state and the live event stream. Pages are modules listed
// in pages.js; each mounts into its own <section> and returns a clean-up function.
import { ApiError, h, errorBox, emptyState } from './lib.js';
import pageList from './pages.js';
import { events, liveStream } from './live.js';

const BASE = '/ui';
const TOKEN_KEY = 'hearth.token';
const main = document.getElementById('main');
const nav = document.getElementById('nav');
const live = document.getElementById('live');

// ---------------------------------------------------------------------------------------------
// API access

function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

function headers(extra) {
  const hd = { Accept: 'application/json', ...extra };
  if (token()) hd.Authorization = `Bearer ${token()}`;
  return hd;
}

async function request(method, path, body, signal) {
  let res;
  try {
    res = await fetch(path, {
      method,
      headers: headers(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal,
      cache: 'no-store',
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    const err = new ApiError(0, `No answer from ${location.origin}: the server is down or the network is out.`);
    shell.unreachable(err);
    throw err;
  }
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    try {
      const j = await res.json();
      if (j && j.message) message = j.message;
    } catch { /* not JSON */ }
    const err = new ApiError(res.status, message);
    if (res.status === 401 || (res.status === 403 && /token/i.test(message))) shell.askToken(err);
    throw err;
  }
  return res;
}

export const api = {
  /** GET path -> parsed JSON. */
  async get(path, { signal } = {}) {
    return (await request('GET', path, undefined, signal)).json();
  },
  /** method path body? -> parsed JSON, or null for an empty answer (204). */
  async send(method, path, body, { signal } = {}) {
    const res = await request(method, path, body, signal);
    const text = await res.text();
    return text ? JSON.parse(text) : null;
  },
  /** GET path -> Blob (a download: a link cannot send the token). */
  async blob(path, { signal } = {}) {
    return (await request('GET', path, undefined, signal)).blob();
  },
  /** GET path -> text (logs). */
  async text(path, { signal } = {}) {
    return (await request('GET', path, undefined, signal)).text();
  },
  /** GET path, calling onChunk(text) for each piece of the body as it arrives; ends with the body or the signal. */
  async stream(path, onChunk, signal) {
    const res = await request('GET', path, undefined, signal);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      onChunk(decoder.decode(value, { stream: true }));
    }
  },
};

// ---------------------------------------------------------------------------------------------
// Live events (live.js)

const stream = liveStream({
  indicator: live,
  headers,
  onRefused: (status) => shell.askToken(new ApiError(status, 'The server wants a token')),
  onLost: () => shell.unreachable(), // the server gone, or only the stream?
});
// A page left for the back-forward cache keeps its fetches open, and a browser gives one server six
// connections: let the stream go when the page is hidden, take it again if the page comes back.
window.addEventListener('pagehide', () => stream.stop());
window.addEventListener('pageshow', (e) => { if (e.persisted && shell.state === 'ready') stream.start(); });

// ---------------------------------------------------------------------------------------------
// Router

const routes = []; // {regex, keys, page}
let current = null; // {cleanup, controller}

function compile(pattern) {
  const keys = [];
  const source = pattern.replace(/\/$/, '').split('/').map((part) => {
    if (part.startsWith(':')) { keys.push(part.slice(1)); return '([^/]+)'; }
    return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }).join('/');
  return { regex: new RegExp(`^${source}/?$`), keys };
}

function resolve(pathname) {
  let rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  if (rest === '') rest = '/';
  for (const r of routes) {
    const m = r.regex.exec(rest);
    if (m) {
      const params = {};
      r.keys.forEach((k, i) => { params[k] = decodeURIComponent(m[i + 1]); });
      return { page: r.page, params };
    }
  }
  return null;
}

/** Goes to a path under /ui ("/jobs/1" or "/ui/jobs/1"). */
export function navigate(path, { replace = false } = {}) {
  const full = path.startsWith(BASE) ? path : BASE + (path.startsWith('/') ? path : `/${path}`);
  if (replace) history.replaceState(null, '', full);
  else history.pushState(null, '', full);
  render(true);
}

/** An <a> the router handles: link('/jobs/1', 'job 1', {class}). */
export function link(path, text, attrs = {}) {
  const full = path.startsWith(BASE) ? path : BASE + path;
  return h('a', { href: full, ...attrs }, text);
}

document.addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.target.closest && e.target.closest('a[href]');
  if (!a || a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || !(url.pathname === BASE || url.pathname.startsWith(`${BASE}/`))) return;
  e.preventDefault();
  if (url.pathname + url.search !== location.pathname + location.search) {
    history.pushState(null, '', url.pathname + url.search + url.hash);
    render(true);
  }
});
window.addEventListener('popstate', () => render(false));

function unmount() {
  if (!current) return;
  try {
    if (typeof current.cleanup === 'function') current.cleanup();
  } catch (e) {
    console.error('a page failed to clean up', e);
  }
  current.controller.abort();
  current = null;
}

function markNav() {
  for (const a of nav.querySelectorAll('a')) {
    const path = new URL(a.href).pathname;
    const here = path === `${BASE}/` ? location.pathname === `${BASE}/` || location.pathname === BASE
      : location.pathname === path || location.pathname.startsWith(`${path}/`);
    if (here) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

async function render(moveFocus) {
  if (shell.state !== 'ready') return;
  unmount();
  markNav();
  const found = resolve(location.pathname);
  const view = h('section', { class: 'view' });
  main.replaceChildren(view);
  if (!found) {
    document.title = 'Not found · Hearth';
    view.append(h('h1', null, 'No such page'), emptyState(`Nothing lives at ${location.pathname}.`),
      h('p', null, link('/', 'Go to the overview')));
    view.dataset.test = 'not-found';
    return;
  }
  const { page, params } = found;
  const controller = new AbortController();
  const mine = { cleanup: null, controller };
  current = mine;
  try {
    document.title = `${page.title ? page.title(params) : 'Hearth'} · Hearth`;
  } catch {
    document.title = 'Hearth';
  }
  if (moveFocus) main.focus({ preventScroll: true });
  window.scrollTo(0, 0);
  const ctx = {
    params,
    query: new URLSearchParams(location.search),
    api,
    events,
    navigate,
    link,
    signal: controller.signal,
  };
  try {
    const cleanup = await page.mount(view, ctx);
    if (current === mine) mine.cleanup = cleanup;
    else if (typeof cleanup === 'function') cleanup(); // the user moved on meanwhile
  } catch (e) {
    if (e.name === 'AbortError' || current !== mine) return;
    if (e instanceof ApiError && (e.status === 0 || e.status === 401)) return; // the shell shows it
    view.append(errorBox(e));
  }
}

// ---------------------------------------------------------------------------------------------
// Shell states: checking -> ready | token | unreachable

const shell = {
  state: 'checking',
  retryTimer: null,

  /** Whether the server answers and takes our token: GET /v2/apps?per_page=1. */
  async check() {
    clearTimeout(this.retryTimer);
    this.state = 'checking';
    let res;
    try {
      res = await fetch('/v2/apps?per_page=1', { headers: headers(), cache: 'no-store' });
    } catch {
      this.showUnreachable();
      return;
    }
    if (res.status === 401 || res.status === 403) {
      this.showToken(res.status === 403 && token() ? 'That token was refused. Check HEARTH_API_TOKEN on the server.' : null);
      return;
    }
    this.ready();
  },

  ready() {
    this.state = 'ready';
    nav.hidden = false;
    live.hidden = false;
    stream.start();
    render(false);
  },

  hideChrome() {
    unmount();
    stream.stop();
    stream.setState('off');
    nav.hidden = true;
    live.hidden = true;
  },

  askToken(err) {
    if (this.state === 'token') return;
    this.showToken(err && err.status === 403 && token() ? 'That token was refused. Check HEARTH_API_TOKEN on the server.' : null);
  },

  showToken(problem) {
    this.state = 'token';
    this.hideChrome();
    document.title = 'Sign in · Hearth';
    const input = h('input', {
      id: 'token', name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true,
      dataset: { test: 'token-input' }, 'aria-describedby': 'token-help',
    });
    const form = h('form', { class: 'token-form', dataset: { test: 'token-prompt' } },
      h('h1', null, 'This server needs its API token'),
      h('p', { id: 'token-help', class: 'muted' },
        'Hearth was started with HEARTH_API_TOKEN. Enter that token; it is kept in this tab only (session storage) and sent as a bearer token.'),
      problem ? h('p', { class: 'error-box', role: 'alert', dataset: { test: 'token-error' } }, problem) : null,
      h('label', { for: 'token' }, 'API token'),
      h('div', { class: 'token-row' }, input,
        h('button', { type: 'submit', class: 'button button-primary', dataset: { test: 'token-submit' } }, 'Continue')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, input.value.trim());
      this.check();
    });
    main.replaceChildren(form);
    input.focus();
  },

  /** A request or the event stream failed: shows the unreachable state if the server is gone, else nothing. */
  async unreachable() {
    if (this.state !== 'ready' || this.probing) return;
    this.probing = true;
    try {
      const res = await fetch('/v2/apps?per_page=1', { headers: headers(), cache: 'no-store' });
      if (res.status === 401 || res.status === 403) this.askToken(new ApiError(res.status, 'token'));
    } catch {
      if (this.state === 'ready') this.showUnreachable();
    } finally {
      this.probing = false;
    }
  },

  showUnreachable() {
    this.state = 'unreachable';
    this.hideChrome();
    document.title = 'Unreachable · Hearth';
    let wait = 5;
    const count = h('span', { dataset: { test: 'retry-countdown' } }, String(wait));
    const retry = h('button', { type: 'button', class: 'button button-primary', dataset: { test: 'retry' }, onclick: () => this.check() }, 'Retry now');
    main.replaceChildren(h('div', { class: 'unreachable', role: 'alert', dataset: { test: 'unreachable' } },
      h('h1', null, 'The server cannot be reached'),
      h('p', null, `No answer from ${location.origin}. The node may be stopped or restarting, or the network is out.`),
      h('p', { class: 'muted' }, 'Trying again in ', count, ' s.'),
      retry));
    retry.focus();
    const tick = () => {
      wait -= 1;
      count.textContent = String(Math.max(0, wait));
      if (wait <= 0) this.check();
      else this.retryTimer = setTimeout(tick, 1000);
    };
    this.retryTimer = setTimeout(tick, 1000);
  },
};

// ---------------------------------------------------------------------------------------------
// Start: load the pages, build the nav, check the server.

async function start() {
  const loaded = await Promise.all(pageList.map(async (path) => {
    try {
      return (await import(path)).default;
    } catch (e) {
      console.error(`the page module ${path} did not load`, e);
      return null;
    }
  }));
  const pages = loaded.filter(Boolean);
  for (const page of pages) for (const pattern of page.routes) routes.push({ ...compile(pattern), page });
  // literal segments before parameters: '/jobs/new' before '/jobs/:id'
  routes.sort((a, b) => (a.keys.length - b.keys.length));
  const inNav = pages.filter((p) => p.nav).sort((a, b) => a.nav.order - b.nav.order);
  nav.replaceChildren(...inNav.map((p) => link(p.routes[0], p.nav.label, { class: 'nav-link', dataset: { test: `nav-${p.nav.label.toLowerCase()}` } })));
  await shell.check();
}

start();
