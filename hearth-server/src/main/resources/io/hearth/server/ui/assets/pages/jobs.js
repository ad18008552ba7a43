// Jobs: the queue in the dispatcher's order (GET /v2/jobs?order=scheduler), or the jobs of one
// final state newest first (GET /v2/jobs?state=...). Live: a `job` event reloads the list.
import { h, fmtAgo, fmtBytes, fmtDuration, badge, table, errorBox } from '../lib.js';
import { waitMs, debounce, ticker, keepFocus, navigateKeepingFocus, refocus, serial } from './jobs-util.js';

const QUEUE_STATES = ['queued', 'locked', 'running'];
const FILTERS = [
  ['', 'Queue: all not finished'],
  ['queued', 'Queue: queued'],
  ['locked', 'Queue: locked'],
  ['running', 'Queue: running'],
  ['complete', 'Complete (newest first)'],
  ['cancelled', 'Cancelled (newest first)'],
];
const PAGE = 100;

export default {
  routes: ['/jobs'],
  nav: { label: 'Jobs', order: 30 },
  title: () => 'Jobs',
  async mount(view, ctx) {
    view.classList.add('jobs-pages');
    const state = ctx.query.get('state') || '';
    const inQueue = state === '' || QUEUE_STATES.includes(state);

    const select = h('select', { id: 'jobs-state', 'data-test': 'jobs-state-filter' },
      ...FILTERS.map(([v, label]) => h('option', { value: v, selected: v === state }, label)));
    select.addEventListener('change', () => {
      navigateKeepingFocus(ctx, select.value ? `/jobs?state=${encodeURIComponent(select.value)}` : '/jobs', select);
    });
    const summary = h('p', { class: 'muted', 'data-test': 'jobs-summary', 'aria-live': 'polite' });
    const listBox = h('div', { class: 'table-box' });
    const more = h('button', { type: 'button', class: 'button', hidden: true, 'data-test': 'jobs-more' },
      'Load more');

    view.append(
      h('header', { class: 'page-head' },
        h('h1', {}, 'Jobs'),
        h('div', { class: 'filters' }, h('label', { for: 'jobs-state' }, 'Show'), select)),
      h('p', { class: 'muted' }, inQueue
        ? 'In the order the dispatcher takes them: running, locked, then priority (highest first), then first seen.'
        : 'Finished jobs, newest first.'),
      summary, listBox, more);

    let rows = [];
    let cursor = null;

    const path = (c) => {
      if (inQueue) {
        return `/v2/jobs?order=scheduler&limit=${PAGE}` + (c ? `&cursor=${encodeURIComponent(c)}` : '');
      }
      return `/v2/jobs?state=${encodeURIComponent(state)}&per_page=${PAGE}` + (c ? `&cursor=${encodeURIComponent(c)}` : '');
    };

    const render = () => {
      const shown = inQueue && state ? rows.filter((r) => r.job.state === state) : rows;
      const columns = [
        { label: inQueue ? '#' : 'Created', value: (r) => (inQueue ? String(r.position) : fmtAgo(r.job.created_at)) },
        { label: 'Job', value: (r) => h('span', { class: 'stack' },
          ctx.link(`/jobs/${encodeURIComponent(r.job.id)}`, r.job.name || r.job.id),
          r.job.name ? h('small', { class: 'muted mono' }, r.job.id) : '') },
        { label: 'State', value: (r) => h('span', { 'data-test': 'job-state' }, badge(r.job.state)) },
        { label: 'Priority', value: (r) => h('span', { 'data-test': 'job-priority' }, String(r.job.priority)) },
        { label: 'Waited', value: (r) => h('span', { 'data-wait': r.job.id }, fmtDuration(waitMs(r.job, Date.now()))) },
        { label: 'Image', value: (r) => h('span', { class: 'mono' }, r.job.image) },
        { label: 'Needs', value: (r) => needs(r.job) },
      ];
      const t = table(columns, shown, {
        empty: inQueue
          ? (state ? `No ${state} jobs in the queue.` : 'The queue is empty: no job is waiting or running.')
          : `No ${state} jobs.`,
        rowTest: 'job-row',
        rowKey: (r) => r.job.id,
      });
      listBox.replaceChildren(t);
      summary.textContent = shown.length === 0 ? '' : `${shown.length} job${shown.length === 1 ? '' : 's'} shown`
        + (cursor ? ' (more below)' : '');
      more.hidden = !cursor;
    };

    const load = serial(async (append) => {
      try {
        const page = await ctx.api.get(path(append ? cursor : null));
        const items = page.items.map((job, i) => ({ job, position: (append ? rows.length : 0) + i + 1 }));
        rows = append ? rows.concat(items) : items;
        cursor = page.next_cursor || null;
        keepFocus(listBox, render);
      } catch (e) {
        listBox.replaceChildren(errorBox(e));
      }
    });

    more.addEventListener('click', () => load(true));
    refocus(view);
    await load(false);

    // A change anywhere may move jobs: read the (first page of the) list again.
    const reload = debounce(() => load(false), 250);
    const off = ctx.events.on('job', reload);
    const stop = ticker(() => {
      for (const r of rows) {
        const el = listBox.querySelector(`[data-wait="${CSS.escape(r.job.id)}"]`);
        if (el) el.textContent = fmtDuration(waitMs(r.job, Date.now()));
      }
    }, 1000);
    return () => { off(); stop(); reload.cancel(); };
  },
};

function needs(job) {
  const c = job.constraints || {};
  const parts = [];
  if (c.vcpus) parts.push(`${c.vcpus} CPU`);
  if (c.ram_bytes) parts.push(fmtBytes(c.ram_bytes));
  if (c.gpus) parts.push(`${c.gpus} GPU`);
  return parts.join(' · ');
}

