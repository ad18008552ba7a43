// Helpers every page uses. Text always goes in as text (never HTML): h() builds elements.

/** An API failure: the HTTP status (0 when the server could not be reached) and Hearth's message. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

/**
 * h('a', {href: '/ui/', class: 'x', onclick: fn, dataset: {test: 'y'}}, 'text', child, [more])
 * Attributes: on* are listeners, class/className the class, dataset an object, style a string,
 * booleans set or omit the attribute, null/undefined/false skip it. Children: strings and numbers
 * become text nodes, null/false are skipped, arrays are flattened.
 */
export function h(tag, attrs, ...children) {
  const svg = ['svg', 'path', 'line', 'rect', 'g', 'text', 'polyline', 'circle', 'title'].includes(tag);
  const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'class' || k === 'className') el.setAttribute('class', v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.append(c);
    else el.append(document.createTextNode(String(c)));
  }
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** 1536 -> "1.5 KiB" */
export function fmtBytes(n) {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  let i = 0;
  let v = Number(n);
  while (Math.abs(v) >= 1024 && i < UNITS.length - 1) { v /= 1024; i++; }
  return `${i === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${UNITS[i]}`;
}

/** milliseconds -> "850 ms", "2.4 s", "3 min 5 s", "2 h 10 min", "3 d 4 h" */
export function fmtDuration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '–';
  const neg = ms < 0 ? '−' : '';
  ms = Math.abs(ms);
  if (ms === 0) return '0 ms';
  if (ms < 1) return `${neg}${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${neg}${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${neg}${s.toFixed(s < 10 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${neg}${m} min ${Math.floor(s % 60)} s`;
  const hr = Math.floor(m / 60);
  if (hr < 24) return `${neg}${hr} h ${m % 60} min`;
  return `${neg}${Math.floor(hr / 24)} d ${hr % 24} h`;
}

/** An ISO instant in the browser's time zone: "2026-12-06 20:41:07". */
export function fmtTime(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const p = (x) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** "5 s ago", "3 min ago", "in 2 min" */
export function fmtAgo(iso, now = Date.now()) {
  if (!iso) return '–';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return String(iso);
  const d = now - t;
  if (Math.abs(d) < 1000) return 'just now';
  return d >= 0 ? `${fmtDuration(d).replace(/ \d+ (s|min|h)$/, '')} ago` : `in ${fmtDuration(-d).replace(/ \d+ (s|min|h)$/, '')}`;
}

/** 12345.6 -> "12,346"; small numbers keep a decimal. */
export function fmtNumber(n, digits) {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  const d = digits ?? (Math.abs(n) < 10 && n % 1 !== 0 ? 1 : 0);
  return Number(n).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
}

/**
 * An accessible table. columns: [{label, value: row => text|Node, class?, test?}]; rows: array;
 * opts: {empty: text when no rows, caption, rowTest: data-test of each <tr>, rowKey: row => data-key,
 * cards: false to keep the table a table at phone width (else each row becomes a card)}.
 */
export function table(columns, rows, opts = {}) {
  if (!rows || rows.length === 0) return emptyState(opts.empty || 'Nothing here yet.');
  return h('div', { class: 'table-wrap' },
    h('table', { class: opts.cards === false ? 'table' : 'table table-cards' },
      opts.caption ? h('caption', { class: 'sr-only' }, opts.caption) : null,
      h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col', class: c.class }, c.label)))),
      h('tbody', null, rows.map((r) => h('tr', {
        dataset: { test: opts.rowTest || 'row', ...(opts.rowKey ? { key: opts.rowKey(r) } : {}) },
      }, columns.map((c) => h('td', {
        class: c.class, 'data-label': c.label, dataset: c.test ? { test: c.test } : undefined,
      }, c.value(r))))))));
}

/**
 * A labelled bar of used against total: bar(2e9, 8e9, 'Memory', fmtBytes). The level classes
 * (ok / high / full) colour it; role=meter tells assistive technology the numbers.
 */
export function bar(used, total, label, format = fmtNumber) {
  const frac = total > 0 ? Math.min(1, Math.max(0, used / total)) : 0;
  const level = total <= 0 ? 'none' : frac >= 0.95 ? 'full' : frac >= 0.75 ? 'high' : 'ok';
  const text = total > 0 ? `${format(used)} of ${format(total)}` : 'none';
  return h('div', { class: `bar bar-${level}`, dataset: { test: 'bar', label, used, total } },
    h('div', { class: 'bar-head' }, h('span', { class: 'bar-label' }, label),
      h('span', { class: 'bar-value', dataset: { test: 'bar-value' } }, text)),
    h('div', {
      class: 'bar-track', role: 'meter', 'aria-label': label, 'aria-valuemin': 0,
      'aria-valuemax': total > 0 ? total : 1, 'aria-valuenow': total > 0 ? used : 0, 'aria-valuetext': text,
    }, h('div', { class: 'bar-fill', style: `width:${(frac * 100).toFixed(1)}%` })));
}

/** A state pill: badge('running') has the classes "badge badge-running". */
export function badge(state) {
  const s = String(state ?? 'unknown');
  return h('span', { class: `badge badge-${s.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`, dataset: { test: 'badge' } }, s);
}

/** An error in a page: the status and the server's message. */
export function errorBox(err) {
  const status = err && err.status;
  const title = status === 0 ? 'The server cannot be reached'
    : status === 404 ? 'Not found'
      : status ? `The server answered ${status}` : 'Something went wrong';
  return h('div', { class: 'error-box', role: 'alert', dataset: { test: 'error' } },
    h('strong', null, title), h('p', null, (err && err.message) || String(err)));
}

/** A calm note where a list or a panel has nothing to show. */
export function emptyState(text) {
  return h('p', { class: 'empty', dataset: { test: 'empty' } }, text);
}

/** A modal yes/no question, usable with the keyboard (Esc cancels); resolves true or false. */
export function confirm(text, { ok = 'Confirm', cancel = 'Cancel' } = {}) {
  return new Promise((resolve) => {
    const before = document.activeElement;
    const dialog = h('dialog', { class: 'dialog', dataset: { test: 'confirm' }, 'aria-label': text },
      h('p', null, text),
      h('form', { method: 'dialog', class: 'dialog-actions' },
        h('button', { value: 'cancel', class: 'button', dataset: { test: 'confirm-cancel' } }, cancel),
        h('button', { value: 'ok', class: 'button button-primary', dataset: { test: 'confirm-ok' } }, ok)));
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'ok');
      dialog.remove();
      if (before && before.focus) before.focus();
    });
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector('[value=ok]').focus();
  });
}

/** A short note at the bottom of the screen that goes away by itself. */
export function toast(text, { error = false } = {}) {
  const box = document.getElementById('toasts');
  if (!box) return;
  const t = h('div', { class: `toast${error ? ' toast-error' : ''}`, role: error ? 'alert' : 'status', dataset: { test: 'toast' } }, text);
  box.append(t);
  setTimeout(() => t.remove(), 5000);
}

/** A titled panel: panel('Memory', child...) */
export function panel(title, ...children) {
  return h('section', { class: 'panel' }, title ? h('h2', { class: 'panel-title' }, title) : null, ...children);
}

/** The page's heading row: heading('Nodes', aside?) */
export function heading(title, ...aside) {
  return h('div', { class: 'page-head' }, h('h1', null, title), aside.length ? h('div', { class: 'page-aside' }, ...aside) : null);
}

/**
 * A line chart in SVG: chart({series: [{label, values, class}], times: [ms...], format, height, width}).
 * Draw it at its container's width in px (text keeps its size).
 * Values may hold nulls (gaps). The y axis starts at 0; ticks are the maximum and half of it.
 */
export function chart({ series, times, format = fmtNumber, height = 140, width = 600, label = '' }) {
  const W = Math.max(200, width);
  const H = height;
  const pad = { l: 48, r: 8, t: 8, b: 20 };
  const all = series.flatMap((s) => s.values.filter((v) => v !== null && v !== undefined));
  const max = niceMax(all.length ? Math.max(...all) : 0);
  const t0 = times.length ? times[0] : 0;
  const t1 = times.length ? times[times.length - 1] : 1;
  const x = (t) => pad.l + ((t - t0) / Math.max(1, t1 - t0)) * (W - pad.l - pad.r);
  const y = (v) => H - pad.b - (max > 0 ? v / max : 0) * (H - pad.t - pad.b);
  const grid = [0, max / 2, max].map((v) => h('g', { class: 'chart-grid' },
    h('line', { x1: pad.l, x2: W - pad.r, y1: y(v), y2: y(v) }),
    h('text', { x: pad.l - 6, y: y(v) + 4, 'text-anchor': 'end' }, format(v))));
  const lines = series.map((s) => {
    const parts = [];
    let run = [];
    s.values.forEach((v, i) => {
      if (v === null || v === undefined) { if (run.length) parts.push(run); run = []; } else run.push(`${x(times[i]).toFixed(1)},${y(v).toFixed(1)}`);
    });
    if (run.length) parts.push(run);
    return parts.map((p) => (p.length === 1
      ? h('circle', { class: `chart-dot ${s.class || ''}`, cx: p[0].split(',')[0], cy: p[0].split(',')[1], r: 2.5 })
      : h('polyline', { class: `chart-line ${s.class || ''}`, points: p.join(' ') })));
  });
  const ago = (t) => `${Math.round((t1 - t) / 60000)} min ago`;
  const axis = times.length > 1 ? [
    h('text', { class: 'chart-axis', x: pad.l, y: H - 4 }, ago(t0)),
    h('text', { class: 'chart-axis', x: W - pad.r, y: H - 4, 'text-anchor': 'end' }, 'now'),
  ] : [];
  const latest = series.map((s) => {
    const v = [...s.values].reverse().find((z) => z !== null && z !== undefined);
    return h('span', { class: `legend-item ${s.class || ''}` }, h('span', { class: 'legend-swatch', 'aria-hidden': 'true' }),
      `${s.label} `, h('strong', { dataset: { test: 'chart-latest' } }, v === undefined ? '–' : format(v)));
  });
  return h('figure', { class: 'chart', dataset: { test: 'chart' } },
    h('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': label }, grid, lines, axis),
    h('figcaption', { class: 'legend' }, latest));
}

function niceMax(v) {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (v <= m * p) return m * p;
  return 10 * p;
}
