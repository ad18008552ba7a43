// Pieces the apps, function and call pages share: their stylesheet, name/value lists, a cursor
// pager and the status word of a call. Not a page (pages.js does not list it).
import { h, emptyState } from '../lib.js';

const CSS = '/ui/assets/pages/fns.css';

/** Adds the pages' stylesheet once, and marks the view as one of these pages (for its rules). */
export function useCss(view) {
  if (view) view.classList.add('fns-view');
  if (!document.querySelector(`link[href="${CSS}"]`)) {
    document.head.append(h('link', { rel: 'stylesheet', href: CSS }));
  }
}

/** A <dl> of [label, value] pairs; a value may be text or a Node; null values show "–". */
export function kv(pairs, test) {
  return h('dl', { class: 'kv', dataset: test ? { test } : undefined },
    pairs.map(([k, v, t]) => [h('dt', null, k), h('dd', { dataset: t ? { test: t } : undefined }, v ?? '–')]));
}

/** A map (config, annotations) as a two-column list, or an empty note. */
export function mapList(obj, empty, test) {
  const entries = Object.entries(obj || {});
  if (entries.length === 0) return emptyState(empty);
  return h('dl', { class: 'kv fns-map', dataset: test ? { test } : undefined },
    entries.map(([k, v]) => [h('dt', { class: 'mono' }, k),
      h('dd', { class: 'mono' }, typeof v === 'string' ? v : JSON.stringify(v))]));
}

/**
 * A cursor pager over a list API. load(cursor) must return {items, next_cursor?}; render(items)
 * draws them. Keeps the cursors of the pages before, so Previous works without the API going back.
 * Returns {el, reload(), first(), page()} — reload() fetches the current page again.
 */
export function pager({ load, render, label, test = 'pager' }) {
  const cursors = [null];
  let at = 0;
  let next = null;
  const body = h('div', { class: 'fns-pager-body' });
  const info = h('span', { class: 'muted', dataset: { test: `${test}-page` } });
  const prev = h('button', { class: 'button', type: 'button', dataset: { test: `${test}-prev` }, onclick: () => go(at - 1) }, '← Newer');
  const nextBtn = h('button', { class: 'button', type: 'button', dataset: { test: `${test}-next` }, onclick: () => go(at + 1) }, 'Older →');
  const bar = h('nav', { class: 'fns-pager', 'aria-label': `${label} pages` }, prev, info, nextBtn);
  let seq = 0;

  async function fetchPage() {
    const mine = ++seq;
    const page = await load(cursors[at]);
    if (mine !== seq) return null;
    next = page.next_cursor || null;
    body.replaceChildren(render(page.items || []));
    info.textContent = `Page ${at + 1}`;
    prev.disabled = at === 0;
    nextBtn.disabled = !next;
    bar.hidden = at === 0 && !next;
    return page;
  }

  async function go(i) {
    if (i < 0) return;
    if (i > at) {
      if (!next) return;
      cursors[i] = next;
    }
    at = i;
    cursors.length = at + 1;
    await fetchPage();
  }

  return {
    el: h('div', { class: 'fns-paged', dataset: { test } }, body, bar),
    reload: fetchPage,
    first: () => go(0),
    onFirstPage: () => at === 0,
  };
}

/** Milliseconds from a call record's three durations; null parts count as 0. */
export function totalMs(c) {
  return (c.queue_duration_ms || 0) + (c.init_duration_ms || 0) + (c.exec_duration_ms || 0);
}

/** Calls every ms while the page is shown; returns the stop function. */
export function every(ms, fn) {
  const t = setInterval(fn, ms);
  return () => clearInterval(t);
}

/** Runs fn at most once per ms, at the end of a burst (events arrive in bursts). */
export function debounce(ms, fn) {
  let t = null;
  return () => {
    clearTimeout(t);
    t = setTimeout(fn, ms);
  };
}

export const STATUSES = ['success', 'error', 'timeout', 'rejected', 'cancelled'];
