// A function: its settings, its containers on this node with their states, and its recent calls
// (filtered by status and time, a page at a time). A new call of the function shows within the
// events' delay: the first page reloads on each `call` event for it.
import { h, table, fmtTime, fmtAgo, fmtDuration, heading, panel, badge, emptyState, errorBox } from '../lib.js';
import { useCss, pager, kv, mapList, totalMs, every, debounce, STATUSES } from './fn-common.js';
import { callTimeline } from './call.js';

const INIT_TIMEOUT = 'hearth.io/init_timeout_ms';
const MIN_WARM = 'hearth.io/min_warm';
const CONTAINERS_EVERY_MS = 3000;

/** A datetime-local value (browser time) as Unix seconds, or '' when empty. */
function toSeconds(local) {
  if (!local) return '';
  const t = new Date(local).getTime();
  return Number.isNaN(t) ? '' : String(Math.floor(t / 1000));
}

/** Unix seconds as a datetime-local value in the browser's time zone. */
function toLocal(seconds) {
  if (!seconds) return '';
  const d = new Date(Number(seconds) * 1000);
  if (Number.isNaN(d.getTime())) return '';
  const p = (x) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

function settings(fn, ctx) {
  const a = fn.annotations || {};
  return kv([
    ['Id', h('span', { class: 'mono' }, fn.id), 'fn-id'],
    ['App', ctx.link(`/apps/${encodeURIComponent(fn.app_id)}`, fn.app_id, { class: 'mono', dataset: { test: 'fn-app' } })],
    ['Image', h('span', { class: 'mono fns-wrap' }, fn.image), 'fn-image'],
    ['Memory', `${fn.memory} MB`, 'fn-memory'],
    ['Timeout', `${fn.timeout} s`, 'fn-timeout'],
    ['Idle timeout', `${fn.idle_timeout} s`, 'fn-idle-timeout'],
    ['Init timeout', a[INIT_TIMEOUT] !== undefined ? fmtDuration(Number(a[INIT_TIMEOUT])) : 'node default', 'fn-init-timeout'],
    a[MIN_WARM] !== undefined ? ['Min warm', String(a[MIN_WARM])] : null,
    fn.shape ? ['Shape', fn.shape] : null,
    ['Endpoint', h('span', { class: 'mono fns-wrap' }, a['fnproject.io/fn/invokeEndpoint'] || `/invoke/${fn.id}`)],
    ['Created', fmtTime(fn.created_at)],
    ['Updated', fmtTime(fn.updated_at)],
  ].filter(Boolean), 'fn-settings');
}

function containersTable(items) {
  return table([
    { label: 'State', value: (c) => badge(c.state), test: 'container-state' },
    { label: 'Name', value: (c) => h('span', { class: 'mono fns-wrap', title: c.id || '' }, c.name || (c.id || '').slice(0, 12) || '–'), test: 'container-name' },
    { label: 'Calls', value: (c) => String(c.calls), class: 'num', test: 'container-calls' },
    { label: 'Memory', value: (c) => `${c.memory_mb} MB`, class: 'num' },
    { label: 'Started', value: (c) => h('time', { datetime: c.launched_at, title: fmtTime(c.launched_at) }, fmtAgo(c.launched_at)) },
    { label: 'Start took', value: (c) => (c.state === 'starting' ? '…' : fmtDuration(c.startup_ms)), class: 'num' },
    { label: 'Idle since', value: (c) => (c.idle_since ? h('time', { datetime: c.idle_since, title: fmtTime(c.idle_since) }, fmtAgo(c.idle_since)) : '–') },
  ], items, {
    empty: 'No containers of this function on this node: the next call starts one (a cold start).',
    caption: 'Containers', rowTest: 'container-row', rowKey: (c) => c.id || c.name, cards: true,
  });
}

function callsTable(items, ctx, filtered) {
  return table([
    { label: 'Call', value: (c) => ctx.link(`/fns/${encodeURIComponent(c.fn_id)}/calls/${encodeURIComponent(c.id)}`, c.id, { class: 'mono', dataset: { test: 'call-link' } }), test: 'call-id' },
    { label: 'Status', value: (c) => badge(c.status), test: 'call-status' },
    { label: 'Created', value: (c) => h('time', { datetime: c.created_at, title: c.created_at }, fmtTime(c.created_at)), test: 'call-created' },
    { label: 'Took', value: (c) => fmtDuration(totalMs(c)), class: 'num', test: 'call-took' },
    { label: 'Timings', value: (c) => callTimeline(c, { compact: true }), class: 'fns-wide' },
    { label: 'Start', value: (c) => (c.cold ? 'cold' : 'warm'), class: 'fns-wide' },
    { label: 'Error', value: (c) => (c.error ? h('span', { class: 'fns-error' }, c.error) : null), class: 'fns-opt' },
  ], items, {
    empty: filtered ? 'No calls match this filter. Clear it to see every call.'
      : 'No calls yet. A call shows here as it ends: call the function at its endpoint.',
    caption: 'Calls', rowTest: 'call-row', rowKey: (c) => c.id,
  });
}

export default {
  routes: ['/fns/:fn_id'],
  title: () => 'Function',
  async mount(view, ctx) {
    useCss(view);
    const id = ctx.params.fn_id;
    const path = `/v2/fns/${encodeURIComponent(id)}`;
    const fn = await ctx.api.get(path, { signal: ctx.signal });
    document.title = `${fn.name} · Functions · Hearth`;

    // ---- containers
    const containersBody = h('div', { dataset: { test: 'containers' } });
    const containersNote = h('span', { class: 'panel-sub', dataset: { test: 'containers-node' } });
    let containersOff = false;
    async function loadContainers() {
      if (containersOff) return;
      try {
        const r = await ctx.api.get(`${path}/containers`, { signal: ctx.signal });
        containersNote.textContent = r.node_id ? `on node ${r.node_id}` : '';
        containersBody.replaceChildren(containersTable(r.items));
      } catch (e) {
        if (e.name === 'AbortError') return;
        if (e.status === 501) {
          containersOff = true; // an api node: containers run on the runners
          containersBody.replaceChildren(emptyState(`Containers are shown on all-in-one nodes. ${e.message}`));
        } else if (e.status !== 0 && e.status !== 401) {
          containersBody.replaceChildren(errorBox(e));
        }
      }
    }

    // ---- calls, with the filter in the address (deep links keep it)
    const status = h('select', { id: 'calls-status', name: 'status', dataset: { test: 'filter-status' } },
      h('option', { value: '' }, 'Any status'), STATUSES.map((s) => h('option', { value: s }, s)));
    const from = h('input', { id: 'calls-from', type: 'datetime-local', name: 'from', dataset: { test: 'filter-from' } });
    const to = h('input', { id: 'calls-to', type: 'datetime-local', name: 'to', dataset: { test: 'filter-to' } });
    status.value = STATUSES.includes(ctx.query.get('status')) ? ctx.query.get('status') : '';
    from.value = toLocal(ctx.query.get('from_time'));
    to.value = toLocal(ctx.query.get('to_time'));
    const filterError = h('p', { class: 'fns-filter-error', role: 'alert', dataset: { test: 'filter-error' } });
    const live = h('span', { class: 'panel-sub', 'aria-live': 'polite', dataset: { test: 'calls-live' } });

    const filter = () => {
      const p = new URLSearchParams();
      if (status.value) p.set('status', status.value);
      const f = toSeconds(from.value);
      const t = toSeconds(to.value);
      if (f) p.set('from_time', f);
      if (t) p.set('to_time', t);
      return p;
    };
    let fresh = new Set();
    let shown = new Set();
    const calls = pager({
      label: 'Calls',
      test: 'calls-pager',
      load: (cursor) => {
        const p = filter();
        p.set('per_page', '20');
        if (cursor) p.set('cursor', cursor);
        return ctx.api.get(`${path}/calls?${p}`, { signal: ctx.signal });
      },
      render: (items) => {
        const el = callsTable(items, ctx, filter().toString() !== '');
        for (const row of el.querySelectorAll ? el.querySelectorAll('tr[data-key]') : []) {
          if (fresh.has(row.dataset.key)) row.classList.add('fns-fresh');
        }
        shown = new Set(items.map((c) => c.id));
        return el;
      },
    });
    const apply = async (e) => {
      if (e) e.preventDefault();
      filterError.textContent = '';
      const f = toSeconds(from.value);
      const t = toSeconds(to.value);
      if (f && t && Number(f) >= Number(t)) {
        filterError.textContent = '"From" must be before "to".';
        return;
      }
      const q = filter().toString();
      history.replaceState(null, '', location.pathname + (q ? `?${q}` : ''));
      try {
        await calls.first();
      } catch (err) {
        if (err.name !== 'AbortError') filterError.textContent = err.message;
      }
    };
    const clear = () => {
      status.value = '';
      from.value = '';
      to.value = '';
      apply();
    };
    const form = h('form', { class: 'fns-filter', onsubmit: apply, dataset: { test: 'calls-filter' } },
      h('label', { for: 'calls-status' }, 'Status', status),
      h('label', { for: 'calls-from' }, 'From', from),
      h('label', { for: 'calls-to' }, 'To', to),
      h('div', { class: 'fns-filter-actions' },
        h('button', { class: 'button button-primary', type: 'submit', dataset: { test: 'filter-apply' } }, 'Apply'),
        h('button', { class: 'button', type: 'button', onclick: clear, dataset: { test: 'filter-clear' } }, 'Clear')));

    const appLink = ctx.link(`/apps/${encodeURIComponent(fn.app_id)}`, '← Its app', { dataset: { test: 'fn-app-link' } });
    ctx.api.get(`/v2/apps/${encodeURIComponent(fn.app_id)}`, { signal: ctx.signal })
      .then((app) => { appLink.textContent = `← App ${app.name}`; }).catch(() => {});
    view.append(
      heading(fn.name, appLink),
      h('div', { class: 'grid-2' },
        panel('Settings', settings(fn, ctx)),
        panel('Config', mapList(fn.config, 'No config of its own (it gets its app\'s).', 'fn-config'),
          h('h3', { class: 'fns-sub' }, 'Annotations'),
          mapList(Object.fromEntries(Object.entries(fn.annotations || {}).filter(([k]) => k !== 'fnproject.io/fn/invokeEndpoint')),
            'No annotations.', 'fn-annotations'))),
      h('section', { class: 'panel' }, h('h2', { class: 'panel-title' }, 'Containers', containersNote), containersBody),
      h('section', { class: 'panel' }, h('h2', { class: 'panel-title' }, 'Recent calls', live), form, filterError,
        h('p', { class: 'fns-key muted', 'aria-hidden': 'true' }, 'Timings: ',
          ['queue', 'init', 'exec'].map((k, i) => h('span', null, h('span', { class: `fns-swatch fns-seg-${k}` }), ['queue', 'container start', 'run'][i]))),
        calls.el));

    await Promise.all([loadContainers(), calls.reload()]);

    // ---- live: a call of this function reloads the first page (when the filter lets it in)
    const refresh = debounce(150, async () => {
      if (!calls.onFirstPage()) return;
      try {
        await calls.reload();
      } catch { /* the next event or a reload tries again */ }
    });
    const off = ctx.events.on('call', (ev) => {
      if (ev.fn_id !== id) return;
      if (!shown.has(ev.call_id)) fresh.add(ev.call_id);
      live.textContent = `last call ${fmtTime(ev.created_at)}`;
      refresh();
      loadContainers();
    });
    const stop = every(CONTAINERS_EVERY_MS, loadContainers);
    return () => {
      off();
      stop();
    };
  },
};
