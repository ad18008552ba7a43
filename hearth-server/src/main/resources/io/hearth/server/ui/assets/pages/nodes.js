// Nodes: cluster membership (this node; on an api node every registered runner), each node's class,
// status, drain state and capacity against what is used. Membership is GET /v2/nodes; capacity
// and class are the offers' (GET /v2/offers), and on an all-in-one node GET /v2/node's ledger.
import { h, heading, panel, table, bar, badge, fmtBytes, fmtAgo, fmtTime, fmtNumber, emptyState, errorBox } from '../lib.js';

const cpus = (m) => `${fmtNumber(m / 1000, m % 1000 ? 1 : 0)} CPU`;

/** Everything the page and the overview show about nodes, read together. */
export async function loadNodes(api) {
  const [members, offers, self] = await Promise.all([
    api.get('/v2/nodes'),
    api.get('/v2/offers').catch((e) => ({ items: [], unreachable: [], failed: e })),
    api.get('/v2/node').catch(() => null), // all-in-one only
  ]);
  const byNode = new Map();
  for (const o of offers.items || []) byNode.set(o.node_id, o);
  const nodes = members.items.map((m) => {
    const offer = byNode.get(m.id);
    let capacity = null;
    let used = null;
    if (self && self.node_id === m.id) {
      capacity = self.capacity;
      used = self.used;
    } else if (offer) {
      capacity = offer.capacity || offer.available;
      used = {};
      for (const k of Object.keys(capacity)) used[k] = Math.max(0, (capacity[k] || 0) - ((offer.available || {})[k] || 0));
    }
    return {
      ...m,
      instance_type: m.instance_type || (offer && offer.instance_type) || null,
      capacity,
      used,
      unreachable: (offers.unreachable || []).includes(m.id),
      containers: self && self.node_id === m.id ? self.containers : null,
    };
  });
  return { nodes, offersFailed: offers.failed || null, unreachable: offers.unreachable || [] };
}

/** The four bars of a node: memory, CPU, disk, GPUs (used of capacity). */
export function resourceBars(capacity, used) {
  if (!capacity) return emptyState('No capacity known: the node runs no calls (an api node) or did not answer for its offer.');
  const u = used || {};
  return h('div', { class: 'bars' },
    bar(u.memory_bytes || 0, capacity.memory_bytes || 0, 'Memory', fmtBytes),
    bar(u.cpu_mcpus || 0, capacity.cpu_mcpus || 0, 'CPU', cpus),
    bar(u.disk_bytes || 0, capacity.disk_bytes || 0, 'Disk', fmtBytes),
    bar(u.gpus || 0, capacity.gpus || 0, 'GPUs', (n) => fmtNumber(n)));
}

function statusOf(n) {
  if (n.unreachable && n.status === 'up') return 'unreachable';
  return n.status;
}

const classOf = (n) => n.instance_type || (n.role === 'api' ? 'none (runs no work)' : 'its own');
const drainOf = (n) => (n.draining ? 'draining' : 'not draining');

/** The membership table: one row per node. */
export function membership(nodes) {
  return table([
    { label: 'Node', value: (n) => h('span', { class: 'mono' }, n.id), test: 'node-id' },
    { label: 'Role', value: (n) => n.role, test: 'node-role' },
    { label: 'Class', value: classOf, test: 'node-class' },
    { label: 'Status', value: (n) => badge(statusOf(n)), test: 'node-status' },
    { label: 'Drain', value: drainOf, test: 'node-drain' },
    { label: 'Address', value: (n) => h('span', { class: 'mono' }, n.address || '–') },
    { label: 'Heartbeat', value: (n) => h('span', { title: fmtTime(n.heartbeat_at) }, fmtAgo(n.heartbeat_at)) },
    { label: 'Joined', value: (n) => fmtTime(n.joined_at) },
  ], nodes, { empty: 'No nodes are registered.', rowTest: 'node-row', rowKey: (n) => n.id, caption: 'Cluster membership' });
}

export function nodeCard(n, { brief = false } = {}) {
  return h('article', { class: 'panel node-card', dataset: { test: 'node-card', key: n.id } },
    h('header', { class: 'node-head' },
      h('h2', { class: 'node-id mono', dataset: { test: 'card-id' } }, n.id),
      h('div', { class: 'node-badges' },
        h('span', { class: 'role', dataset: { test: 'card-role' } }, n.role),
        h('span', { dataset: { test: 'card-status' } }, badge(statusOf(n))))),
    brief ? h('dl', { class: 'kv node-facts' },
      h('dt', null, 'Class'), h('dd', { dataset: { test: 'card-class' } }, classOf(n)),
      h('dt', null, 'Drain'), h('dd', { dataset: { test: 'card-drain' } }, n.draining ? 'draining: finishing its work, taking none' : 'not draining'))
      : null,
    resourceBars(n.capacity, n.used));
}

export default {
  routes: ['/nodes'],
  nav: { label: 'Nodes', order: 20 },
  title: () => 'Nodes',
  async mount(view, ctx) {
    const aside = h('span', { dataset: { test: 'nodes-summary' } });
    const members = h('div', { dataset: { test: 'nodes' } });
    const body = h('div', { class: 'node-grid', dataset: { test: 'capacity' } });
    const note = h('div');
    view.append(heading('Nodes', aside), note, panel('Membership', members),
      h('h2', { class: 'section-title' }, 'Capacity and use'), body);
    let stopped = false;

    async function load() {
      const { nodes, offersFailed, unreachable } = await loadNodes(ctx.api);
      if (stopped) return;
      const up = nodes.filter((n) => n.status === 'up').length;
      aside.textContent = `${nodes.length} node${nodes.length === 1 ? '' : 's'} · ${up} up`;
      note.replaceChildren(...[
        offersFailed ? errorBox(offersFailed) : null,
        unreachable.length ? h('p', { class: 'muted' }, `No offer from ${unreachable.join(', ')}: their capacity is unknown right now.`) : null,
      ].filter(Boolean));
      members.replaceChildren(membership(nodes));
      const working = nodes.filter((n) => n.role !== 'api'); // an api node holds no capacity
      body.replaceChildren(...(working.length ? working.map((n) => nodeCard(n))
        : [emptyState('No node that runs work is registered yet: runners appear here once they heartbeat.')]));
    }

    await load();
    let pending = null;
    const reload = () => {
      clearTimeout(pending);
      pending = setTimeout(() => load().catch(() => {}), 200); // a burst of events: one reload
    };
    const off = ctx.events.on('node', reload);
    const every = setInterval(reload, 10000); // capacity in use changes without membership events
    return () => { stopped = true; off(); clearInterval(every); clearTimeout(pending); };
  },
};
