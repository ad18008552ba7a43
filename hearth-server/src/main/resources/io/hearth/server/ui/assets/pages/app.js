// One app: its settings, its functions and its triggers (each list a page at a time).
import { h, table, fmtTime, fmtAgo, heading, panel } from '../lib.js';
import { useCss, pager, kv, mapList } from './fn-common.js';

export default {
  routes: ['/apps/:app_id'],
  title: () => 'App',
  async mount(view, ctx) {
    useCss(view);
    const id = ctx.params.app_id;
    const app = await ctx.api.get(`/v2/apps/${encodeURIComponent(id)}`, { signal: ctx.signal });
    document.title = `${app.name} · Apps · Hearth`;
    const fnNames = new Map(); // the functions' names, for the triggers table
    const q = (cursor) => (cursor ? `&cursor=${encodeURIComponent(cursor)}` : '');
    const fns = pager({
      label: 'Functions',
      test: 'fns-pager',
      load: (cursor) => ctx.api.get(`/v2/fns?app_id=${encodeURIComponent(id)}&per_page=30${q(cursor)}`, { signal: ctx.signal }),
      render: (items) => (items.forEach((f) => fnNames.set(f.id, f.name)), table([
        { label: 'Name', value: (f) => ctx.link(`/fns/${encodeURIComponent(f.id)}`, f.name, { dataset: { test: 'fn-link' } }), test: 'fn-name' },
        { label: 'Image', value: (f) => h('span', { class: 'mono fns-wrap' }, f.image), test: 'fn-image' },
        { label: 'Memory', value: (f) => `${f.memory} MB`, class: 'num', test: 'fn-memory' },
        { label: 'Timeout', value: (f) => `${f.timeout} s`, class: 'num' },
        { label: 'Updated', value: (f) => h('time', { datetime: f.updated_at, title: fmtTime(f.updated_at) }, fmtAgo(f.updated_at)) },
      ], items, {
        empty: 'No functions in this app yet. Add one with POST /v2/fns {"app_id": …, "name": …, "image": …}.',
        caption: 'Functions', rowTest: 'fn-row', rowKey: (f) => f.id,
      })),
    });
    const triggers = pager({
      label: 'Triggers',
      test: 'triggers-pager',
      load: (cursor) => ctx.api.get(`/v2/triggers?app_id=${encodeURIComponent(id)}&per_page=30${q(cursor)}`, { signal: ctx.signal }),
      render: (items) => table([
        { label: 'Name', value: (t) => t.name, test: 'trigger-name' },
        { label: 'Type', value: (t) => t.type },
        { label: 'Source', value: (t) => h('span', { class: 'mono' }, t.source) },
        { label: 'Function', value: (t) => ctx.link(`/fns/${encodeURIComponent(t.fn_id)}`, fnNames.get(t.fn_id) || t.fn_id,
          { class: fnNames.has(t.fn_id) ? null : 'mono' }) },
        { label: 'Endpoint', value: (t) => {
          const url = t.annotations && t.annotations['fnproject.io/trigger/httpEndpoint'];
          return url ? h('span', { class: 'mono fns-wrap' }, url) : '–';
        } },
      ], items, {
        empty: 'No triggers: the functions are called at /invoke/{fn_id}. POST /v2/triggers adds an HTTP path.',
        caption: 'Triggers', rowTest: 'trigger-row', rowKey: (t) => t.id,
      }),
    });
    view.append(
      heading(app.name, ctx.link('/apps', '← All apps')),
      h('div', { class: 'grid-2' },
        panel('Settings', kv([
          ['Id', h('span', { class: 'mono' }, app.id), 'app-id'],
          ['Created', fmtTime(app.created_at)],
          ['Updated', fmtTime(app.updated_at)],
          app.syslog_url ? ['Syslog', h('span', { class: 'mono' }, app.syslog_url)] : null,
          app.shape ? ['Shape', app.shape] : null,
        ].filter(Boolean), 'app-settings')),
        panel('Config', mapList(app.config, 'No config: functions get only their own.', 'app-config'),
          h('h3', { class: 'fns-sub' }, 'Annotations'),
          mapList(app.annotations, 'No annotations.', 'app-annotations'))),
      panel('Functions', fns.el),
      panel('Triggers', triggers.el));
    await fns.reload();
    await triggers.reload();
  },
};
