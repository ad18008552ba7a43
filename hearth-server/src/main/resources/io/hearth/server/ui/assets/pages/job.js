// A job: its settings, runtime status, attempts, log (followed while it runs) and output tar;
// actions: cancel (confirmed) and change priority. Live: a `job` event for it reloads it.
import { h, fmtBytes, fmtDuration, fmtTime, badge, table, errorBox, confirm, toast } from '../lib.js';
import { waitMs, facts, logPanel, debounce, keepFocus, serial, shellWords } from './jobs-util.js';

const FINAL = ['complete', 'cancelled'];

export default {
  routes: ['/jobs/:id'],
  title: (params) => `Job ${params.id}`,
  async mount(view, ctx) {
    view.classList.add('jobs-pages');
    const id = ctx.params.id;
    const base = `/v2/jobs/${encodeURIComponent(id)}`;
    const head = h('header', { class: 'page-head' });
    const actions = h('section', { class: 'panel', 'aria-labelledby': 'job-actions-h' });
    const settings = h('section', { class: 'panel', 'aria-labelledby': 'job-settings-h' });
    const status = h('section', { class: 'panel', 'aria-labelledby': 'job-status-h' });
    const attempts = h('section', { class: 'panel', 'aria-labelledby': 'job-attempts-h' });
    const log = logPanel('job-log');
    const logHead = h('h2', { id: 'job-log-h', class: 'panel-title' }, 'Log');
    const output = h('div', { class: 'output' });
    const logCard = h('section', { class: 'panel', 'aria-labelledby': 'job-log-h' }, logHead, log.el, output);
    view.append(h('p', {}, ctx.link('/jobs', '← Jobs')), head, actions,
      h('div', { class: 'grid-2' }, settings, status), attempts, logCard);

    let job = null;
    let actionsFor = null; // 'open', or the final state the actions panel says
    let logShown = null; // "attempt:state" the panel shows, so a reload doesn't restart it needlessly

    const priorityInput = h('input', {
      id: 'job-priority-input', type: 'number', inputmode: 'numeric',
      'data-test': 'priority-input',
    });
    const priorityError = h('p', { class: 'error-text', role: 'alert', 'data-test': 'priority-error' });
    const priorityForm = h('form', { class: 'inline-form', novalidate: true, 'data-test': 'priority-form' },
      h('label', { for: 'job-priority-input' }, 'Priority (0–1000; 0 holds it)'),
      priorityInput,
      h('button', { type: 'submit', class: 'button button-primary', 'data-test': 'set-priority' }, 'Set priority'),
      priorityError);
    priorityForm.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      priorityError.textContent = '';
      if (priorityInput.value.trim() === '') { // what the API is told is its to judge; nothing is not a number
        priorityError.textContent = 'Enter a priority: a whole number from 0 to 1000.';
        return;
      }
      const value = Number(priorityInput.value);
      try {
        job = await ctx.api.send('PATCH', base, { priority: value });
        toast(`Priority set to ${job.priority}`);
        render();
      } catch (e) {
        priorityError.textContent = e.message;
      }
    });

    const cancelButton = h('button', { type: 'button', class: 'button button-danger', 'data-test': 'cancel-job' }, 'Cancel job');
    const cancelError = h('p', { class: 'error-text', role: 'alert', 'data-test': 'cancel-error' });
    cancelButton.addEventListener('click', async () => {
      cancelError.textContent = '';
      const what = job.state === 'running' ? ' Its container is killed.' : '';
      if (!(await confirm(`Cancel job ${job.name || job.id}?${what}`, { ok: 'Cancel job', cancel: 'Keep it' }))) return;
      try {
        job = await ctx.api.send('POST', `${base}/cancel`);
        toast('Job cancelled');
        await refresh();
      } catch (e) {
        cancelError.textContent = e.message;
      }
    });

    const render = () => {
      head.replaceChildren(
        h('h1', {}, job.name || 'Job', ' ', h('span', { 'data-test': 'job-state' }, badge(job.state))),
        h('p', { class: 'muted mono head-id' }, job.id));
      const final = FINAL.includes(job.state);
      if (document.activeElement !== priorityInput) priorityInput.value = String(job.priority);
      if (actionsFor !== (final ? job.state : 'open')) { // rebuilt only when they change: focus stays put
        actionsFor = final ? job.state : 'open';
        actions.replaceChildren(h('h2', { id: 'job-actions-h', class: 'panel-title' }, 'Actions'));
        if (final) {
          actions.append(h('p', { class: 'muted', 'data-test': 'job-final' },
            `The job is ${job.state}: its priority no longer changes and it cannot be cancelled.`));
        } else {
          actions.append(h('div', { class: 'actions' }, priorityForm, h('div', {}, cancelButton, cancelError)));
        }
      }
      const c = job.constraints || {};
      const s = job.scheduling || {};
      settings.replaceChildren(h('h2', { id: 'job-settings-h', class: 'panel-title' }, 'Settings'), facts([
        ['Priority', h('span', { 'data-test': 'job-priority' }, String(job.priority))],
        ['Image', h('span', { class: 'mono' }, job.image)],
        ['Command', h('code', { 'data-test': 'job-command' }, shellWords(job.command || []))],
        ['Environment', (job.env_names || []).join(', ')],
        ['Needs', `${c.vcpus} CPU · ${fmtBytes(c.ram_bytes)} memory` + (c.scratch_bytes ? ` · ${fmtBytes(c.scratch_bytes)} scratch` : '')
          + (c.gpus ? ` · ${c.gpus} GPU` : '')],
        ['Scheduling', `at most ${s.max_attempts} attempt${s.max_attempts === 1 ? '' : 's'}`
          + (s.max_run_time_secs ? ` · runs at most ${fmtDuration(s.max_run_time_secs * 1000)}` : '')
          + (s.preemptible ? ' · preemptible' : '')],
        ['Labels', Object.entries(job.labels || {}).map(([k, v]) => `${k}=${v}`).join(', ')],
        ['Created', fmtTime(job.created_at)],
      ]));
      const rs = job.runtime_status || {};
      status.replaceChildren(h('h2', { id: 'job-status-h', class: 'panel-title' }, 'Runtime status'), facts([
        ['State', badge(job.state)],
        ['Exit code', job.exit_code === null || job.exit_code === undefined ? '' : h('span', { 'data-test': 'job-exit-code' }, String(job.exit_code))],
        ['Error', rs.error ? h('span', { class: 'error-text', 'data-test': 'job-error' }, rs.error) : ''],
        ['Warning', rs.warning],
        ['Activity', rs.activity],
        ['Attempt', String(job.attempt)],
        ['Waited', fmtDuration(waitMs(job, Date.now()))],
        ['Started', job.started_at ? fmtTime(job.started_at) : ''],
        ['Finished', job.finished_at ? fmtTime(job.finished_at) : ''],
        ['Instance type', job.instance_type],
        ['Node', job.node_id],
        ['Alloc', job.alloc_id ? ctx.link(`/allocs/${encodeURIComponent(job.alloc_id)}`, job.alloc_id) : ''],
        ['Locked by', job.locked_by],
        ['Dispatch attempts', job.lock_count ? String(job.lock_count) : ''],
      ]));
    };

    const renderAttempts = (items) => {
      const t = table([
        { label: 'Attempt', value: (a) => String(a.attempt) },
        { label: 'State', value: (a) => badge(a.state) },
        { label: 'Exit code', value: (a) => (a.exit_code === null ? '' : String(a.exit_code)) },
        { label: 'Started', value: (a) => fmtTime(a.started_at) },
        { label: 'Ran', value: (a) => fmtDuration((a.finished_at ? Date.parse(a.finished_at) : Date.now()) - Date.parse(a.started_at)) },
        { label: 'Node', value: (a) => a.node_id || '' },
        { label: 'Error', value: (a) => a.error || '' },
        { label: 'Log', value: (a) => {
          const b = h('button', { type: 'button', class: 'button button-small', 'data-test': 'attempt-log-button',
            'aria-label': `Show the log of attempt ${a.attempt}` }, a.state === 'running' ? 'Follow log' : 'Show log');
          b.addEventListener('click', () => showLog(a.attempt, a.state === 'running', true));
          return b;
        } },
      ], items, { empty: 'No attempt yet: the job has not started.', rowTest: 'attempt-row', rowKey: (a) => String(a.attempt) });
      attempts.replaceChildren(h('h2', { id: 'job-attempts-h', class: 'panel-title' }, 'Attempts'), h('div', { class: 'table-box' }, t));
    };

    const showLog = (attempt, running, chosen) => {
      logShown = `${attempt}:${running}`;
      logHead.textContent = `Log of attempt ${attempt}`;
      const path = `${base}/log?attempt=${attempt}` + (running ? '&follow=true' : '');
      log.show(ctx, path, { follow: running, empty: running ? '' : 'The attempt wrote nothing.' });
      if (chosen) log.el.querySelector('pre').focus();
    };

    const renderOutput = (items) => {
      const last = items[items.length - 1];
      if (!last) {
        output.replaceChildren(h('p', { class: 'muted', 'data-test': 'job-output-none' },
          'No log or output yet: the job has not run.'));
        return;
      }
      if (last.state === 'running') {
        output.replaceChildren(h('p', { class: 'muted' }, 'Its output (the tar of /out) is kept when the attempt ends.'));
        return;
      }
      const b = h('button', { type: 'button', class: 'button', 'data-test': 'download-output' }, `Download output of attempt ${last.attempt} (.tar)`);
      const err = h('p', { class: 'error-text', role: 'alert' });
      b.addEventListener('click', async () => {
        err.textContent = '';
        try {
          await download(ctx, `${base}/output?attempt=${last.attempt}`, `${job.id}-attempt-${last.attempt}.tar`);
        } catch (e) {
          err.textContent = e.message;
        }
      });
      output.replaceChildren(b, err);
    };

    const refresh = serial(async () => {
      try {
        const [j, a] = await Promise.all([ctx.api.get(base), ctx.api.get(`${base}/attempts`)]);
        job = j;
        keepFocus(view, () => {
          render();
          renderAttempts(a.items);
          renderOutput(a.items);
        });
        const last = a.items[a.items.length - 1];
        if (last && logShown !== `${last.attempt}:${last.state === 'running'}`) {
          showLog(last.attempt, last.state === 'running', false);
        } else if (!last) {
          log.stop();
          logShown = null;
          logHead.textContent = 'Log';
        }
      } catch (e) {
        if (!job) {
          view.replaceChildren(h('p', {}, ctx.link('/jobs', '← Jobs')), errorBox(e));
        } else {
          toast(e.message);
        }
      }
    });

    await refresh();
    const again = debounce(refresh, 150);
    const off = ctx.events.on('job', (e) => { if (e.id === id) again(); });
    return () => { off(); again.cancel(); log.stop(); };
  },
};

/** Fetches `path` with the token and saves it as `name` (a link cannot send the Authorization header). */
async function download(ctx, path, name) {
  const blob = await ctx.api.blob(path);
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
