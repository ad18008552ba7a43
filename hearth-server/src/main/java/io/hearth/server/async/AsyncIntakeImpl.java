package io.hearth.server.async;

import io.hearth.core.call.Headers;
import io.hearth.core.time.Clock;
import io.hearth.server.api.AsyncIntake;
import io.hearth.server.api.FnCache;
import io.hearth.server.http.Exchange;
import io.hearth.store.queue.CallQueue;
import io.hearth.store.queue.QueuedCall;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;

/**
 * Accepts an async call: reads its body (413 over {@code maxBody}), commits it to the queue (429
 * with {@code Retry-After} when the function's queue is full; a datastore outage is the API's 503),
 * then answers 202 with the call's id. Nothing is acknowledged before it is committed.
 */
final class AsyncIntakeImpl implements AsyncIntake {
  /** Seconds a client is asked to wait when a function's queue is full. */
  static final int FULL_RETRY_AFTER_SECS = 5;

  private final CallQueue queue;
  private final Clock clock;
  private final AsyncSettings settings;
  private final AsyncCounters counters;
  /** Told after each call is enqueued: this node's worker, which then claims at once. */
  private final Runnable enqueued;

  AsyncIntakeImpl(CallQueue queue, Clock clock, AsyncSettings settings, AsyncCounters counters, Runnable enqueued) {
    this.enqueued = enqueued;
    this.queue = queue;
    this.clock = clock;
    this.settings = settings;
    this.counters = counters;
  }

  @Override
  public void accept(Exchange ex, FnCache.Entry entry, Headers headers, String callId, boolean trigger)
      throws IOException {
    long declared = ex.request().getLength();
    if (declared > settings.maxBody()) {
      tooLarge(ex);
      return;
    }
    byte[] body;
    try (InputStream in = Content.Source.asInputStream(ex.request())) {
      body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, settings.maxBody() + 1));
    }
    if (body.length > settings.maxBody()) {
      tooLarge(ex);
      return;
    }
    QueuedCall call = QueuedCall.async(callId, entry.app().id(), entry.fn().id(), Annotations.maxAttempts(entry.fn()),
        clock.instant(), trigger, HeaderJson.write(headers), body);
    if (!queue.enqueue(call, settings.maxOpen())) {
      counters.refusedFull.increment();
      ex.response().getHeaders().put(HttpHeader.RETRY_AFTER, Integer.toString(FULL_RETRY_AFTER_SECS));
      ex.error(429, "The async queue of fn " + entry.fn().id() + " is full (" + settings.maxOpen()
          + " calls queued or running, HEARTH_ASYNC_MAX_QUEUED); try again later");
      return;
    }
    counters.accepted.increment();
    enqueued.run();
    ex.json(202, Map.of("call_id", callId, "state", QueuedCall.QUEUED));
  }

  private void tooLarge(Exchange ex) {
    ex.error(413, "The request body is larger than the " + settings.maxBody() + " bytes an async call may carry"
        + " (HEARTH_MAX_ASYNC_BODY); send a smaller body or call the function synchronously");
  }
}
