// Nodes: cluster membership, each node's class, status, drain state and capacity (filled in next).
import { heading, panel, emptyState } from '../lib.js';

export default {
  routes: ['/nodes'],
  nav: { label: 'Nodes', order: 20 },
  title: () => 'Nodes',
  async mount(view) {
    view.append(heading('Nodes'), panel(null, emptyState('Coming in the next commit.')));
  },
};
