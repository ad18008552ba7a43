// Small helpers of the jobs and leases pages (u3), kept out of the shared lib.js.
import { h, fmtBytes } from '../lib.js';

// The rules of these four pages, once (the shell loads app.css only).
if (!document.querySelector('link[data-css="jobs"]')) {
  document.head.append(h('link', { rel: 'stylesheet', href: '/ui/assets/pages/jobs.css', 'data-css': 'jobs' }));
}

/** How long a job waited: until it started, or until now while it waits. */
/** A command's argv as a POSIX shell would take it back: arguments with spaces or quotes in single quotes. */
export function shellWords(argv = []) {
  return argv.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`)).join(' ');
}

export function waitMs(job, now) {
  const from = Date.parse(job.first_seen_at || job.created_at);
  if (Number.isNaN(from)) return 0;
  const until = job.started_at ? Date.parse(job.started_at)
    : job.finished_at ? Date.parse(job.finished_at) : now;
  return Math.max(0, until - from);
}

/** fn, called at most once per `ms` after the last call; `.cancel()` drops a pending call. */
export function debounce(fn, ms) {
  let t = null;
  const d = () => {
    clearTimeout(t);
    t = setTimeout(() => { t = null; fn(); }, ms);
  };
  d.cancel = () => clearTimeout(t);
  return d;
}

/** Calls fn every `ms`; returns the function that stops it. */
export function ticker(fn, ms) {
  const id = setInterval(fn, ms);
  return () => clearInterval(id);
}

/** A definition list of [term, value] pairs, values nodes or text; empty values are left out. */
export function facts(pairs, attrs = {}) {
  const dl = h('dl', { class: 'kv facts', ...attrs });
  for (const [term, value] of pairs) {
    if (value === null || value === undefined || value === '') continue;
    dl.append(h('dt', {}, term), h('dd', {}, value));
  }
  return dl;
}

/** "in 1m 05s" / "12s ago": a lease's time left, to the second, from an ISO instant. */
export function countdown(iso, now) {
  const left = Date.parse(iso) - now;
  if (Number.isNaN(left)) return '';
  const s = Math.round(Math.abs(left) / 1000);
  const text = s >= 3600 ? `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
    : s >= 60 ? `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s` : `${s}s`;
  return left >= 0 ? `in ${text}` : `${text} ago`;
}

/**
 * A log panel: <pre> with the text, following a stream when asked. `load(signal, onChunk)` either
 * resolves to the whole text or streams chunks to onChunk; errors become a message in the panel.
 */
export function logPanel(testName) {
  const pre = h('pre', { class: 'log', tabindex: '0', 'data-test': testName, 'aria-label': 'Log' });
  const status = h('p', { class: 'muted', 'aria-live': 'polite', 'data-test': `${testName}-status` });
  let controller = null;
  const panel = h('div', { class: 'log-panel' }, status, pre);
  // A page left for the back-forward cache would keep following: the browser's few connections
  // to the server are better spent on the page in front.
  const onHide = () => { if (controller) controller.abort(); };
  return {
    el: panel,
    stop() {
      if (controller) controller.abort();
      controller = null;
      window.removeEventListener('pagehide', onHide);
    },
    async show(ctx, path, { follow = false, empty = 'The log is empty.' } = {}) {
      this.stop();
      controller = new AbortController();
      const mine = controller;
      if (follow) window.addEventListener('pagehide', onHide);
      pre.textContent = '';
      status.textContent = follow ? 'Following the log while it runs…' : '';
      try {
        if (follow) {
          const decoder = new TextDecoder();
          await ctx.api.stream(path, (chunk) => {
            const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
            const atEnd = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
            pre.append(text);
            if (atEnd) pre.scrollTop = pre.scrollHeight;
          }, mine.signal);
          if (mine === controller) status.textContent = 'The log ended.';
        } else {
          pre.textContent = await ctx.api.text(path);
        }
        if (!pre.textContent) pre.textContent = empty;
      } catch (e) {
        if (mine.signal.aborted) return;
        status.textContent = '';
        pre.textContent = e && e.message ? e.message : String(e);
      }
    },
  };
}

/** The countdown of a live alloc's lease; for an ended one, when it ended. */
export function expiry(a, now) {
  if (a.state === 'freed' || a.state === 'reclaimed') {
    return a.ended_at ? `${a.state} ${countdown(a.ended_at, now)}` : a.state;
  }
  const left = countdown(a.expires_at, now);
  return Date.parse(a.expires_at) > now ? `expires ${left}` : `lease ran out ${left}`;
}

/** "512 MiB · 1 CPU · 64 MiB disk · 1 GPU · fpga 1" from a wire resources object. */
export function resourcesText(r = {}) {
  const parts = [];
  if (r.memory_bytes) parts.push(`${fmtBytes(r.memory_bytes)} memory`);
  if (r.cpu_mcpus) parts.push(`${r.cpu_mcpus % 1000 === 0 ? r.cpu_mcpus / 1000 : (r.cpu_mcpus / 1000).toFixed(2)} CPU`);
  if (r.disk_bytes) parts.push(`${fmtBytes(r.disk_bytes)} disk`);
  if (r.gpus) parts.push(`${r.gpus} GPU`);
  for (const [k, v] of Object.entries(r)) {
    if (!['memory_bytes', 'cpu_mcpus', 'disk_bytes', 'gpus'].includes(k) && v) parts.push(`${k} ${v}`);
  }
  return parts.join(' · ') || 'nothing';
}

/**
 * Runs render(), which replaces what `box` holds, and gives focus back to the link or button that
 * had it (same href or data-test and text), so a live reload does not throw a keyboard user out.
 */
export function keepFocus(box, render) {
  const a = document.activeElement;
  const had = a && box.contains(a) ? { href: a.getAttribute('href'), text: a.textContent } : null;
  render();
  if (!had) return;
  for (const el of box.querySelectorAll('a, button')) {
    if (el.getAttribute('href') === had.href && el.textContent === had.text) {
      el.focus({ preventScroll: true });
      return;
    }
  }
}

const REFOCUS = 'hearth.u3.refocus';

/**
 * A filter that navigates on change (so the URL holds it) would leave the keyboard at the top of
 * the new page: remember the control, and give it focus again once the page has mounted.
 */
export function navigateKeepingFocus(ctx, path, control) {
  sessionStorage.setItem(REFOCUS, control.id);
  ctx.navigate(path);
}

/** Focuses the control a filter's navigation remembered, if it is on this page. */
export function refocus(view) {
  const id = sessionStorage.getItem(REFOCUS);
  sessionStorage.removeItem(REFOCUS);
  const el = id ? view.querySelector(`#${CSS.escape(id)}`) : null;
  if (el) el.focus();
}

/**
 * fn (async) run one at a time: a call while one runs makes one more run after it, so a live
 * reload asked for during a load is never lost, and an older answer never lands after a newer one.
 */
export function serial(fn) {
  let running = null;
  let next = null; // the arguments of the run asked for while one ran (the latest ask wins)
  const run = async (...args) => {
    if (running) {
      next = args;
      return running;
    }
    running = (async () => {
      try {
        await fn(...args);
        while (next) {
          const a = next;
          next = null;
          await fn(...a);
        }
      } finally {
        running = null;
      }
    })();
    return running;
  };
  return run;
}
