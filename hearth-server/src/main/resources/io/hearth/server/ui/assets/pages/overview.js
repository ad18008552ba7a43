// Overview: the platform at a glance. Nodes with capacity against use, containers by state, calls
// per second and p50/p99 latency over the last 15 minutes (GET /v2/stats/timeline, then the points
// of each `stats` event), errors by cause and queue depths. Live: `stats` every 2 s, `call`, `node`.
import { h, heading, panel, chart, fmtNumber, fmtDuration, fmtTime, table, emptyState, badge } from '../lib.js';
import { loadNodes, nodeCard } from './nodes.js';

const CONTAINER_STATES = ['starting', 'busy', 'idle', 'frozen'];

function stat(label, test, note) {
  const value = h('div', { class: 'stat-value', dataset: { test } }, '–');
  const noteEl = h('div', { class: 'stat-note' }, note || '');
  return { el: h('div', { class: 'stat' }, h('div', { class: 'stat-label' }, label), value, noteEl), value, note: noteEl };
}

const ms = (v) => (v === null || v === undefined ? '–' : fmtDuration(v));

export default {
  routes: ['/'],
  nav: { label: 'Overview', order: 10 },
  title: () => 'Overview',
  async mount(view, ctx) {
    const [timeline, nodeInfo] = await Promise.all([ctx.api.get('/v2/stats/timeline'), loadNodes(ctx.api)]);
    let points = timeline.points;
    let latest = null;
    const bucketMs = timeline.bucket_secs * 1000;
    const windowMs = timeline.window_secs * 1000;

    const updated = h('span', { dataset: { test: 'stats-at' } }, `as of ${fmtTime(timeline.at)}`);
    const s = {
      rate: stat('Calls per second', 'stat-calls-per-sec', 'last minute'),
      p50: stat('Latency p50', 'stat-p50', 'last minute'),
      p99: stat('Latency p99', 'stat-p99', 'last minute'),
      calls: stat('Calls', 'calls-15m', 'last 15 minutes'),
      errors: stat('Errors', 'stat-errors', 'last 15 minutes'),
    };
    const rateChart = h('div', { class: 'chart-box', dataset: { test: 'chart-rate' } });
    const latencyChart = h('div', { class: 'chart-box', dataset: { test: 'chart-latency' } });
    const containers = h('div', { dataset: { test: 'containers' } });
    const queues = h('div', { dataset: { test: 'queues' } });
    const errors = h('div', { dataset: { test: 'errors-by-cause' } });
    const lastCall = h('p', { class: 'muted last-call', dataset: { test: 'last-call' } }, 'No call since this page opened.');
    const nodes = h('div', { class: 'node-grid', dataset: { test: 'overview-nodes' } });

    view.append(
      heading('Overview', updated),
      h('div', { class: 'stats' }, Object.values(s).map((x) => x.el)),
      h('div', { class: 'grid-2' },
        panel('Calls per second', rateChart),
        panel('Latency', latencyChart)),
      lastCall,
      h('div', { class: 'grid' },
        panel('Containers', containers),
        panel('Queues', queues),
        panel('Errors by cause', errors)),
      h('h2', { class: 'section-title' }, 'Nodes'),
      nodes);

    function drawCharts() {
      const times = points.map((p) => new Date(p.at).getTime());
      const width = (el) => Math.max(200, el.clientWidth || 560);
      rateChart.replaceChildren(chart({
        label: 'Calls per second over the last 15 minutes', times, width: width(rateChart),
        series: [{ label: 'calls/s', values: points.map((p) => p.calls_per_sec) }],
        format: (v) => fmtNumber(v, v < 10 && v % 1 ? 1 : 0),
      }));
      latencyChart.replaceChildren(chart({
        label: 'p50 and p99 latency over the last 15 minutes', times, width: width(latencyChart),
        series: [
          { label: 'p50', values: points.map((p) => p.p50_ms) },
          { label: 'p99', values: points.map((p) => p.p99_ms), class: 's2' },
        ],
        format: ms,
      }));
    }

    function drawFigures() {
      const now = points.length ? new Date(points[points.length - 1].at).getTime() : Date.now();
      const minute = points.filter((p) => new Date(p.at).getTime() > now - 60000);
      const calls = minute.reduce((a, p) => a + p.calls, 0);
      s.rate.value.textContent = fmtNumber(calls / 60, calls / 60 < 10 ? 2 : 0);
      // the minute's percentiles: the worst bucket's p99 bounds it; p50 weighted by calls
      const withCalls = minute.filter((p) => p.calls > 0);
      const p50 = withCalls.length ? withCalls.reduce((a, p) => a + p.p50_ms * p.calls, 0) / calls : null;
      const p99 = withCalls.length ? Math.max(...withCalls.map((p) => p.p99_ms)) : null;
      s.p50.value.textContent = ms(p50);
      s.p99.value.textContent = ms(p99);
      const total = points.reduce((a, p) => a + p.calls, 0);
      const errs = points.reduce((a, p) => a + p.errors, 0);
      s.calls.value.textContent = fmtNumber(total);
      s.calls.value.dataset.value = String(total);
      s.errors.value.textContent = fmtNumber(errs);
      s.errors.value.dataset.value = String(errs);
      s.errors.note.textContent = total ? `${fmtNumber((100 * errs) / total, 1)}% of calls, last 15 minutes` : 'last 15 minutes';
    }

    function drawGauges(st) {
      if (!st) {
        containers.replaceChildren(emptyState('Waiting for the first update…'));
        queues.replaceChildren(emptyState('Waiting for the first update…'));
        return;
      }
      if (st.containers) {
        // an api node has the runners' warm containers only (their status names no states)
        const rows = st.runners ? Object.entries(st.containers) : CONTAINER_STATES.map((k) => [k, st.containers[k] || 0]);
        if (!st.runners) for (const k of Object.keys(st.containers)) if (!CONTAINER_STATES.includes(k)) rows.push([k, st.containers[k]]);
        const r = st.runners;
        containers.replaceChildren(h('dl', { class: 'kv kv-right' }, rows.map(([k, v]) => [
          h('dt', null, badge(k)), h('dd', { dataset: { test: `containers-${k}` } }, fmtNumber(v))])),
        r ? h('p', { class: 'stat-note', dataset: { test: 'containers-runners' } },
          r.asked === 0 ? 'No runner is registered.'
            : `On the runners: ${r.answered} of ${r.asked} answered; ${fmtNumber(r.active_calls)} calls running.`) : null);
      } else {
        containers.replaceChildren(emptyState('Function containers run on the runners; see Nodes for each one.'));
      }
      const q = st.queues;
      const row = (label, key) => (q[key] === null || q[key] === undefined ? null
        : [h('dt', null, label), h('dd', { dataset: { test: `queue-${key}` } }, fmtNumber(q[key]))]);
      queues.replaceChildren(h('dl', { class: 'kv kv-right' },
        row('Async calls queued', 'async_queued'), row('Async calls running', 'async_running'),
        row('Jobs queued', 'jobs_queued'), row('Jobs locked', 'jobs_locked'), row('Jobs running', 'jobs_running'),
        row('Calls waiting for a container', 'calls_waiting')));
    }

    function drawErrors(byCause) {
      const rows = Object.entries(byCause || {}).map(([cause, n]) => ({ cause, n }));
      errors.replaceChildren(table([
        { label: 'Cause', value: (r) => r.cause, test: 'error-cause' },
        { label: 'Calls', value: (r) => fmtNumber(r.n), class: 'num', test: 'error-count' },
      ], rows, { empty: 'No failed calls in the last 15 minutes.', rowTest: 'error-row', cards: false }));
    }

    function drawNodes(info) {
      const working = info.nodes.filter((n) => n.role !== 'api'); // an api node holds no capacity
      nodes.replaceChildren(...(working.length ? working.map((n) => nodeCard(n, { brief: true }))
        : [emptyState('No node that runs work is registered yet: runners appear here once they heartbeat.')]));
    }

    drawCharts();
    drawFigures();
    drawGauges(null);
    drawErrors(timeline.errors_by_cause);
    drawNodes(nodeInfo);

    const offStats = ctx.events.on('stats', (st) => {
      latest = st;
      for (const p of st.points) {
        const i = points.findIndex((x) => x.at === p.at);
        if (i >= 0) points[i] = p;
        else if (!points.length || p.at > points[points.length - 1].at) points.push(p);
      }
      const newest = new Date(points[points.length - 1].at).getTime();
      points = points.filter((p) => new Date(p.at).getTime() > newest - windowMs);
      updated.textContent = `live · ${fmtTime(st.at)}`;
      drawCharts();
      drawFigures();
      drawGauges(latest);
      drawErrors(st.errors_by_cause);
    });
    const offCall = ctx.events.on('call', (c) => {
      lastCall.replaceChildren('Last call: ', ctx.link(`/fns/${encodeURIComponent(c.fn_id)}/calls/${encodeURIComponent(c.call_id)}`, c.call_id, { class: 'mono' }),
        ' ', badge(c.status), ` ${ms(c.latency_ms)} · ${fmtTime(c.completed_at)}`);
      lastCall.dataset.callId = c.call_id;
      // counted at once; the next stats event brings the server's own count
      const at = Math.floor(new Date(c.completed_at).getTime() / bucketMs) * bucketMs;
      const p = points.find((x) => new Date(x.at).getTime() === at);
      if (p) {
        p.calls += 1;
        if (c.status !== 'success') p.errors += 1;
        drawFigures();
      }
    });
    let stopped = false;
    const refresh = async () => {
      try {
        const info = await loadNodes(ctx.api);
        if (!stopped) drawNodes(info);
      } catch { /* the shell shows a lost server; the next tick tries again */ }
    };
    const offNode = ctx.events.on('node', refresh);
    const every = setInterval(refresh, 5000);
    const resize = new ResizeObserver(() => drawCharts());
    resize.observe(rateChart);
    return () => {
      stopped = true;
      offStats(); offCall(); offNode(); clearInterval(every); resize.disconnect();
    };
  },
};
