// An alloc: its lease (with a live countdown), resources, labels and execs with state, exit code
// and log (followed while the exec runs); action: free (confirmed). Live: its `alloc` events.
import { h, fmtTime, fmtDuration, badge, table, errorBox, confirm, toast } from '../lib.js';
import { facts, logPanel, expiry, resourcesText, debounce, ticker, keepFocus, serial } from './jobs-util.js';

const LIVE = ['active', 'expired'];

export default {
  routes: ['/allocs/:id'],
  title: (params) => `Alloc ${params.id}`,
  async mount(view, ctx) {
    view.classList.add('jobs-pages');
    const id = ctx.params.id;
    const base = `/v2/allocs/${encodeURIComponent(id)}`;
    const head = h('header', { class: 'page-head' });
    const lease = h('section', { class: 'panel', 'aria-labelledby': 'alloc-lease-h' });
    const execsBox = h('section', { class: 'panel', 'aria-labelledby': 'alloc-execs-h' });
    const log = logPanel('exec-log');
    const logHead = h('h2', { id: 'exec-log-h', class: 'panel-title' }, 'Exec log');
    const logCard = h('section', { class: 'panel', 'aria-labelledby': 'exec-log-h', hidden: true }, logHead, log.el);
    view.append(h('p', {}, ctx.link('/leases', '← Leases')), head, lease, execsBox, logCard);

    let alloc = null;

    const freeButton = h('button', { type: 'button', class: 'button button-danger', 'data-test': 'free-alloc' }, 'Free alloc');
    const freeError = h('p', { class: 'error-text', role: 'alert', 'data-test': 'free-error' });
    freeButton.addEventListener('click', async () => {
      freeError.textContent = '';
      const running = (alloc.execs || []).filter((e) => e.state === 'running' || e.state === 'pending').length;
      const what = running ? ` Its ${running} running exec${running === 1 ? ' is' : 's are'} killed.` : '';
      if (!(await confirm(`Free alloc ${alloc.id} of ${alloc.owner}?${what} Its room is released.`, { ok: 'Free alloc', cancel: 'Keep it' }))) return;
      try {
        alloc = await ctx.api.send('DELETE', base);
        toast('Alloc freed');
        render();
      } catch (e) {
        freeError.textContent = e.message;
      }
    });

    const render = () => {
      head.replaceChildren(
        h('h1', {}, 'Alloc ', h('span', { 'data-test': 'alloc-state' }, badge(alloc.state))),
        h('p', { class: 'muted mono head-id' }, alloc.id));
      const live = LIVE.includes(alloc.state);
      lease.replaceChildren(h('h2', { id: 'alloc-lease-h', class: 'panel-title' }, 'Lease'), facts([
        ['Owner', h('span', { 'data-test': 'alloc-owner' }, alloc.owner)],
        ['Lease', h('span', { 'data-test': 'alloc-countdown' }, expiry(alloc, Date.now()))],
        ['Expires at', live ? fmtTime(alloc.expires_at) : ''],
        ['Last keepalive', fmtTime(alloc.last_keepalive_at)],
        ['Resources', resourcesText(alloc.resources)],
        ['Node', alloc.node_id],
        ['Labels', Object.entries(alloc.labels || {}).map(([k, v]) => `${k}=${v}`).join(', ')],
        ['Job', alloc.labels && alloc.labels['io.hearth.job']
          ? ctx.link(`/jobs/${encodeURIComponent(alloc.labels['io.hearth.job'])}`, alloc.labels['io.hearth.job']) : ''],
        ['Created', fmtTime(alloc.created_at)],
        ['Ended', alloc.ended_at ? fmtTime(alloc.ended_at) : ''],
      ]), live ? h('div', { class: 'actions' }, freeButton, freeError)
        : h('p', { class: 'muted' }, `The alloc is ${alloc.state}: it stays readable for a while, then is collected.`));
      const execs = alloc.execs || [];
      const t = table([
        { label: 'Exec', value: (e) => h('span', { class: 'mono' }, e.id) },
        { label: 'State', value: (e) => h('span', { 'data-test': 'exec-state' }, badge(e.state)) },
        { label: 'Exit code', value: (e) => (e.exit_code === null || e.exit_code === undefined ? '' : String(e.exit_code))
          + (e.oom ? ' (out of memory)' : '') },
        { label: 'Image', value: (e) => h('span', { class: 'mono' }, e.image) },
        { label: 'Command', value: (e) => h('code', {}, (e.cmd || []).join(' ')) },
        { label: 'Ran', value: (e) => (e.started_at
          ? fmtDuration((e.finished_at ? Date.parse(e.finished_at) : Date.now()) - Date.parse(e.started_at)) : '') },
        { label: 'Error', value: (e) => e.error || '' },
        { label: 'Log', value: (e) => {
          const b = h('button', { type: 'button', class: 'button button-small', 'data-test': 'exec-log-button',
            'aria-label': `Show the log of exec ${e.id}` }, running(e) ? 'Follow log' : 'Show log');
          b.addEventListener('click', () => showLog(e, true));
          return b;
        } },
      ], execs, { empty: 'No execs: nothing has run in this alloc yet.', rowTest: 'exec-row', rowKey: (e) => e.id });
      execsBox.replaceChildren(h('h2', { id: 'alloc-execs-h', class: 'panel-title' }, `Execs (${execs.length})`), h('div', { class: 'table-box' }, t));
    };

    const showLog = (e, chosen) => {
      logCard.hidden = false;
      logHead.textContent = `Log of exec ${e.id}`;
      const path = `${base}/execs/${encodeURIComponent(e.id)}/log` + (running(e) ? '?follow=true' : '');
      log.show(ctx, path, { follow: running(e), empty: running(e) ? '' : 'The exec wrote nothing.' });
      if (chosen) log.el.querySelector('pre').focus();
    };

    const refresh = serial(async () => {
      try {
        alloc = await ctx.api.get(base);
        keepFocus(view, render);
      } catch (e) {
        if (!alloc) {
          view.replaceChildren(h('p', {}, ctx.link('/leases', '← Leases')), errorBox(e));
        } else {
          toast(e.message);
        }
      }
    });

    await refresh();
    const again = debounce(refresh, 150);
    const off = ctx.events.on('alloc', (e) => { if (e.id === id) again(); });
    const stop = ticker(() => {
      const el = lease.querySelector('[data-test="alloc-countdown"]');
      if (el && alloc) el.textContent = expiry(alloc, Date.now());
    }, 1000);
    return () => { off(); stop(); again.cancel(); log.stop(); };
  },
};

function running(e) {
  return e.state === 'running' || e.state === 'pending';
}
