// Apps: every app, a page at a time, each linking to its functions and triggers.
import { h, table, fmtTime, fmtAgo, heading, panel } from '../lib.js';
import { useCss, pager } from './fn-common.js';

/** A cell that fills in with how many functions the app has (one request per app; "100+" past a page). */
function fnCountCell(ctx) {
  return (appId) => {
    const cell = h('span', { class: 'muted' }, '…');
    ctx.api.get(`/v2/fns?app_id=${encodeURIComponent(appId)}&per_page=100`, { signal: ctx.signal })
      .then((r) => {
        cell.textContent = r.next_cursor ? `${r.items.length}+` : String(r.items.length);
        cell.className = '';
      })
      .catch(() => { cell.textContent = '–'; });
    return cell;
  };
}

export default {
  routes: ['/apps'],
  nav: { label: 'Apps', order: 15 },
  title: () => 'Apps',
  async mount(view, ctx) {
    useCss(view);
    const fnCount = fnCountCell(ctx);
    const list = pager({
      label: 'Apps',
      test: 'apps-pager',
      load: (cursor) => ctx.api.get(`/v2/apps?per_page=30${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { signal: ctx.signal }),
      render: (items) => table([
        { label: 'Name', value: (a) => ctx.link(`/apps/${encodeURIComponent(a.id)}`, a.name, { dataset: { test: 'app-link' } }), test: 'app-name' },
        { label: 'Id', value: (a) => h('span', { class: 'mono' }, a.id), test: 'app-id' },
        { label: 'Functions', value: (a) => fnCount(a.id), class: 'num', test: 'app-fns' },
        { label: 'Config', value: (a) => { const n = Object.keys(a.config || {}).length; return n === 1 ? '1 key' : `${n} keys`; }, class: 'num' },
        { label: 'Created', value: (a) => h('time', { datetime: a.created_at, title: fmtTime(a.created_at) }, fmtAgo(a.created_at)) },
      ], items, {
        empty: 'No apps yet. Create one with POST /v2/apps (or `hearth apps create`), then add functions to it.',
        caption: 'Apps', rowTest: 'app-row', rowKey: (a) => a.id,
      }),
    });
    view.append(heading('Apps'), panel(null, list.el));
    await list.reload();
  },
};
