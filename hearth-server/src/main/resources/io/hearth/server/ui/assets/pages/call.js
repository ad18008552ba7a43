// A call: how it ended, where its time went (queue, container start, execution) as a bar, its
// error and its log. An async call still queued or running shows its state and is read again
// until it ends.
import { h, fmtTime, fmtDuration, heading, panel, badge, emptyState } from '../lib.js';
import { useCss, kv, totalMs } from './fn-common.js';

const PARTS = [
  ['queue', 'Queue', 'queue_duration_ms'],
  ['init', 'Start', 'init_duration_ms'],
  ['exec', 'Run', 'exec_duration_ms'],
];
const UNTIL_ENDED_MS = 1000;
const FINAL = new Set(['success', 'error', 'timeout', 'rejected', 'cancelled']);

/**
 * The call's timings as one bar of three segments (widths in proportion; a segment under 1% is
 * drawn 1% wide so that it can be seen), with a legend unless compact.
 */
export function callTimeline(c, { compact = false } = {}) {
  const total = totalMs(c);
  const text = PARTS.map(([, label, key]) => `${label} ${fmtDuration(c[key] || 0)}`).join(', ');
  const track = h('div', {
    class: `fns-timeline${compact ? ' fns-timeline-compact' : ''}`, role: 'img',
    'aria-label': `Timings: ${text}`, title: text, dataset: { test: 'call-timeline' },
  }, PARTS.map(([cls, label, key]) => {
    const v = c[key] || 0;
    if (v <= 0 || total <= 0) return null;
    const pct = Math.max(1, (v / total) * 100);
    return h('span', { class: `fns-seg fns-seg-${cls}`, style: `flex-grow:${pct.toFixed(2)}`, dataset: { test: `seg-${cls}` } });
  }));
  if (compact) return track;
  return h('div', { class: 'fns-timeline-block' }, track,
    h('ul', { class: 'fns-legend' }, PARTS.map(([cls, label, key]) => h('li', null,
      h('span', { class: `fns-swatch fns-seg-${cls}`, 'aria-hidden': 'true' }), `${label} `,
      h('strong', { dataset: { test: `timing-${cls}` } }, fmtDuration(c[key] || 0))))),
    h('p', { class: 'muted fns-total' }, 'Total ', h('strong', { dataset: { test: 'timing-total' } }, fmtDuration(total)),
      c.cold ? ' · a cold start: a container was started for it' : ' · a warm container served it'));
}

export default {
  routes: ['/fns/:fn_id/calls/:call_id'],
  title: (p) => `Call ${p.call_id}`,
  async mount(view, ctx) {
    useCss(view);
    const { fn_id: fnId, call_id: callId } = ctx.params;
    const base = `/v2/fns/${encodeURIComponent(fnId)}/calls/${encodeURIComponent(callId)}`;
    const fnLink = ctx.link(`/fns/${encodeURIComponent(fnId)}`, '← Its function');
    const summary = panel('Call');
    const timings = panel('Timings');
    const logBody = h('div', { dataset: { test: 'call-log-panel' } });
    const log = panel('Log', logBody);
    view.append(heading(`Call ${callId}`, fnLink), h('div', { class: 'grid-2' }, summary, timings), log);
    let timer = null;

    async function show() {
      const c = await ctx.api.get(base, { signal: ctx.signal });
      const status = c.status || c.state;
      summary.replaceChildren(h('h2', { class: 'panel-title' }, 'Call'), kv([
        ['Status', badge(status), 'call-status'],
        c.state && c.state !== c.status ? ['State', c.state, 'call-state'] : null,
        ['Id', h('span', { class: 'mono' }, c.id), 'call-id'],
        ['Function', ctx.link(`/fns/${encodeURIComponent(c.fn_id)}`, c.fn_id, { class: 'mono' })],
        ['App', ctx.link(`/apps/${encodeURIComponent(c.app_id)}`, c.app_id, { class: 'mono' })],
        ['Created', fmtTime(c.created_at), 'call-created'],
        ['Started', fmtTime(c.started_at)],
        ['Completed', fmtTime(c.completed_at)],
        c.attempts !== undefined ? ['Attempts', String(c.attempts)] : null,
        ['Error', c.error ? h('span', { class: 'fns-error' }, c.error) : 'none', 'call-error'],
      ].filter(Boolean), 'call-summary'));
      const ended = c.exec_duration_ms !== undefined && FINAL.has(c.status);
      timings.replaceChildren(h('h2', { class: 'panel-title' }, 'Timings'),
        ended ? callTimeline(c) : emptyState('Timings show once the call ends.'));
      if (ended) {
        await showLog();
      } else {
        logBody.replaceChildren(emptyState('The log shows once the call ends.'));
        timer = setTimeout(() => show().catch(() => {}), UNTIL_ENDED_MS);
      }
    }

    async function showLog() {
      try {
        const text = await ctx.api.text(`${base}/log`, { signal: ctx.signal });
        logBody.replaceChildren(text
          ? h('pre', { class: 'fns-log', tabindex: 0, 'aria-label': 'Call log', dataset: { test: 'call-log' } }, text)
          : emptyState('The function printed nothing during this call.'));
      } catch (e) {
        if (e.name === 'AbortError') return;
        logBody.replaceChildren(emptyState(`No log: ${e.message}`));
      }
    }

    await show();
    return () => clearTimeout(timer);
  },
};
