// Overview: the platform at a glance (filled in by the next commits).
import { h, heading, panel, emptyState } from '../lib.js';

export default {
  routes: ['/'],
  nav: { label: 'Overview', order: 10 },
  title: () => 'Overview',
  async mount(view, ctx) {
    const at = h('span', { dataset: { test: 'stats-at' } }, 'waiting for the first update');
    view.append(heading('Overview', at), panel('Platform', emptyState('Numbers arrive with the live stream.')));
    return ctx.events.on('stats', (s) => { at.textContent = `updated ${new Date(s.at).toLocaleTimeString()}`; });
  },
};
