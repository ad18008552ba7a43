// Live events: GET /v2/events read with fetch (EventSource cannot send the token), reconnecting
// with back-off; the header's indicator says "live" or "reconnecting". Pages subscribe through
// ctx.events.on(type, handler), which returns the function that stops it.

const handlers = new Map(); // type -> Set of functions

export const events = {
  /** Calls handler(data) for each event of type ('*' for every event, as {type, data}); returns the function that stops it. */
  on(type, handler) {
    if (!handlers.has(type)) handlers.set(type, new Set());
    handlers.get(type).add(handler);
    return () => handlers.get(type).delete(handler);
  },
};

function dispatch(type, data) {
  for (const fn of handlers.get(type) || []) {
    try {
      fn(data);
    } catch (e) {
      console.error(`a handler of '${type}' events failed`, e);
    }
  }
  for (const fn of handlers.get('*') || []) fn({ type, data });
}

/** Splits a stream's text into events: returns the rest that is not a whole event yet. */
function parse(buf) {
  let end;
  while ((end = buf.indexOf('\n\n')) >= 0) {
    const block = buf.slice(0, end);
    buf = buf.slice(end + 2);
    let type = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) type = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    if (data.length) {
      try {
        dispatch(type, JSON.parse(data.join('\n')));
      } catch (e) {
        console.error('an unreadable event', e);
      }
    }
  }
  return buf;
}

/**
 * The stream of one shell: headers() gives the request's headers (the token), onRefused(status)
 * is told of a 401/403, onLost() of a stream that failed (the shell checks whether the server is gone).
 */
export function liveStream({ indicator, headers, onRefused, onLost }) {
  return {
    controller: null,
    retry: 1000,
    timer: null,
    watchdog: null,

    setState(state) {
      indicator.dataset.state = state;
      indicator.textContent = { live: 'live', connecting: 'connecting', reconnecting: 'reconnecting', off: 'offline' }[state];
      indicator.title = state === 'live' ? 'Updates arrive as they happen' : 'Waiting for the server’s update stream';
    },

    start() {
      this.stop();
      this.controller = new AbortController();
      this.run(this.controller);
    },

    stop() {
      if (this.controller) this.controller.abort();
      this.controller = null;
      clearTimeout(this.timer);
      clearTimeout(this.watchdog);
    },

    // a server silent for this long (its keepalive comes every 15 s) is taken as gone
    feed() {
      clearTimeout(this.watchdog);
      const c = this.controller;
      this.watchdog = setTimeout(() => { if (c === this.controller) c.abort(); this.again(c); }, 40000);
    },

    again(c) {
      if (c !== this.controller) return;
      this.setState('reconnecting');
      onLost();
      clearTimeout(this.timer);
      this.timer = setTimeout(() => { if (c === this.controller) this.start(); }, this.retry);
      this.retry = Math.min(15000, this.retry * 2);
    },

    async run(c) {
      if (indicator.dataset.state !== 'reconnecting') this.setState('connecting');
      try {
        const res = await fetch('/v2/events', { headers: headers({ Accept: 'text/event-stream' }), signal: c.signal, cache: 'no-store' });
        if (res.status === 401 || res.status === 403) {
          onRefused(res.status);
          return;
        }
        if (!res.ok) throw new Error(`events: ${res.status}`);
        this.setState('live');
        this.retry = 1000;
        this.feed();
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let buf = '';
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          this.feed();
          buf = parse(buf + decoder.decode(value, { stream: true }));
        }
      } catch (e) {
        if (c.signal.aborted && c !== this.controller) return; // stopped on purpose
      }
      this.again(c);
    },
  };
}

