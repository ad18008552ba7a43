// Leases: the allocs (GET /v2/allocs, newest first) with owner, state, resources and a live
// countdown to their lease's expiry; filters by state and owner. Live: `alloc` events reload it.
import { h, fmtAgo, badge, table, errorBox } from '../lib.js';
import { expiry, debounce, ticker, resourcesText, keepFocus, navigateKeepingFocus, refocus, serial } from './jobs-util.js';

const STATES = ['active', 'expired', 'reclaimed', 'freed'];
const PAGE = 100;

export default {
  routes: ['/leases'],
  nav: { label: 'Leases', order: 40 },
  title: () => 'Leases',
  async mount(view, ctx) {
    view.classList.add('jobs-pages');
    const state = ctx.query.get('state') || '';
    const owner = ctx.query.get('owner') || '';

    const stateSelect = h('select', { id: 'leases-state', name: 'state', 'data-test': 'leases-state-filter' },
      h('option', { value: '' }, 'any state'),
      ...STATES.map((s) => h('option', { value: s, selected: s === state }, s)));
    const ownerInput = h('input', { id: 'leases-owner', name: 'owner', type: 'search', value: owner,
      placeholder: 'any owner', 'data-test': 'leases-owner-filter' });
    const form = h('form', { class: 'filters', role: 'search' },
      h('label', { for: 'leases-state' }, 'State'), stateSelect,
      h('label', { for: 'leases-owner' }, 'Owner'), ownerInput,
      h('button', { type: 'submit', class: 'button' }, 'Filter'));
    const apply = (control) => {
      const q = new URLSearchParams();
      if (stateSelect.value) q.set('state', stateSelect.value);
      if (ownerInput.value.trim()) q.set('owner', ownerInput.value.trim());
      const s = q.toString();
      navigateKeepingFocus(ctx, s ? `/leases?${s}` : '/leases', control);
    };
    form.addEventListener('submit', (ev) => { ev.preventDefault(); apply(ownerInput); });
    stateSelect.addEventListener('change', () => apply(stateSelect));

    const listBox = h('div', { class: 'table-box' });
    const more = h('button', { type: 'button', class: 'button', hidden: true, 'data-test': 'leases-more' }, 'Load more');
    view.append(
      h('header', { class: 'page-head' }, h('h1', {}, 'Leases'), form),
      h('p', { class: 'muted' }, 'Allocs reserve memory, CPU, disk and GPUs on a node while their holder keeps them alive; '
        + 'an expired alloc keeps running until its room is needed.'),
      listBox, more);

    let allocs = [];
    let cursor = null;
    const path = (c) => {
      const q = new URLSearchParams({ per_page: String(PAGE) });
      if (state) q.set('state', state);
      if (owner) q.set('owner', owner);
      if (c) q.set('cursor', c);
      return `/v2/allocs?${q}`;
    };

    const render = () => {
      const t = table([
        { label: 'Alloc', value: (a) => ctx.link(`/allocs/${encodeURIComponent(a.id)}`, a.id) },
        { label: 'Owner', value: (a) => h('span', { 'data-test': 'alloc-owner' }, a.owner) },
        { label: 'State', value: (a) => h('span', { 'data-test': 'alloc-state' }, badge(a.state)) },
        { label: 'Resources', value: (a) => resourcesText(a.resources) },
        { label: 'Lease', value: (a) => h('span', { class: 'countdown', 'data-test': 'alloc-countdown', 'data-expiry': a.id }, expiry(a, Date.now())) },
        { label: 'Execs', value: (a) => String((a.execs || []).length) },
        { label: 'Node', value: (a) => a.node_id },
        { label: 'Created', value: (a) => fmtAgo(a.created_at) },
      ], allocs, {
        empty: state || owner ? 'No alloc matches these filters.'
          : 'No allocs: batch work (and the job dispatcher) leases room here with POST /v2/allocs.',
        rowTest: 'alloc-row',
        rowKey: (a) => a.id,
      });
      listBox.replaceChildren(t);
      more.hidden = !cursor;
    };

    const load = serial(async (append) => {
      try {
        const page = await ctx.api.get(path(append ? cursor : null));
        allocs = append ? allocs.concat(page.items) : page.items;
        cursor = page.next_cursor || null;
        keepFocus(listBox, render);
      } catch (e) {
        listBox.replaceChildren(errorBox(e));
      }
    });
    more.addEventListener('click', () => load(true));
    refocus(view);
    await load(false);

    const reload = debounce(() => load(false), 250);
    const off = ctx.events.on('alloc', reload);
    const stop = ticker(() => {
      const now = Date.now();
      for (const a of allocs) {
        const el = listBox.querySelector(`[data-expiry="${CSS.escape(a.id)}"]`);
        if (el) el.textContent = expiry(a, now);
      }
    }, 1000);
    return () => { off(); stop(); reload.cancel(); };
  },
};

