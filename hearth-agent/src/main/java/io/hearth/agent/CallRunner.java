package io.hearth.agent;

import io.hearth.agent.AdmittedCall.Assignment;
import io.hearth.core.call.CallError;
import io.hearth.core.call.CallOutput;
import io.hearth.core.call.CallRequest;
import io.hearth.core.call.CallResult;
import io.hearth.core.call.ResponseSink;
import io.hearth.core.time.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a call in the container the pool gave it, and, when the call provably never reached the
 * function ({@link Unsent}: the container's exit was reported before the call was written, its
 * socket refused the connection, or the socket took no byte of the request), in another one —
 * the race between a call and its container's close (Fn's agent and OpenWhisk retry the same
 * way). At most {@link #MAX_RETRIES} times, within the call's timeout, counted by reason. A call
 * that may have reached the function is never sent again: sync calls run at most once.
 *
 * <p>Threads: the call's own thread; the counters are concurrent.
 */
final class CallRunner {
  private static final Logger log = LoggerFactory.getLogger(CallRunner.class);
  /**
   * Other containers tried after the first: enough for a container retired at the wrong moment and
   * a replacement that also died, and bounded so a function whose containers all die as they take
   * a call cannot loop.
   */
  static final int MAX_RETRIES = 2;

  /** Finds the call another container: one, or why not (the deadline passed: {@code TIMED_OUT}). */
  @FunctionalInterface
  interface Reassign {
    Assignment reassign(AdmittedCall call, CallRequest request, Instant deadline);
  }

  private final CallExchange exchange;
  private final ContainerOps ops;
  private final PoolShell shell;
  private final Clock clock;
  private final Reassign reassign;
  private final Map<Unsent, LongAdder> retries = new EnumMap<>(Unsent.class);
  /** A test seam: told of each container just handed to a call, before the call is written to it. */
  private volatile Consumer<FunctionContainer> picked = c -> {};

  CallRunner(CallExchange exchange, ContainerOps ops, PoolShell shell, Clock clock, Reassign reassign) {
    this.exchange = exchange;
    this.ops = ops;
    this.shell = shell;
    this.clock = clock;
    this.reassign = reassign;
    for (Unsent u : Unsent.values()) {
      retries.put(u, new LongAdder());
    }
  }

  CallResult run(Assignment.Container assigned, AdmittedCall t, ResponseSink sink) {
    CallRequest request = t.request;
    ReplayableBody body = new ReplayableBody(request.body(), request.length());
    Instant deadline = null; // the call's timeout runs from its first exchange
    for (int retry = 0; ; retry++) {
      FunctionContainer c = assigned.container();
      ops.thawIfPaused(c);
      picked.accept(c);
      long ready = clock.nanoTime();
      if (deadline == null) {
        deadline = clock.instant().plusSeconds(c.slot.timeoutSecs());
      }
      CallLog.Capture capture = c.log == null ? null : c.log.begin(request.callId());
      c.calls++; // counted before the answer reaches the client; one call at a time per container
      CallExchange.Outcome outcome = exchange.run(c, request, body, sink, deadline);
      if (capture != null) {
        capture.end(); // keeps taking trailing output for a moment
      }
      if (outcome.unsent() != null) {
        InputStream replay = retry < MAX_RETRIES && !shell.closed() && clock.instant().isBefore(deadline)
            ? body.replay() : null;
        if (replay != null) {
          c.calls--; // it never ran there
          c.busy = false;
          shell.finished(c, false); // retired: a container that lost a call this way is not trusted again
          retries.get(outcome.unsent()).increment();
          log.debug("call {} never reached {} ({}): trying another container", request.callId(), c,
              outcome.unsent().label);
          Assignment next = reassign.reassign(t, request, deadline);
          if (!(next instanceof Assignment.Container other)) {
            Assignment.Refused r = (Assignment.Refused) next;
            return new CallResult.Failed(r.error(), r.message(), false,
                new CallResult.Timings(clock.nanoTime() - t.arrivedNanos, 0, 0), CallOutput.NONE);
          }
          assigned = other;
          body = new ReplayableBody(replay, request.length());
          continue;
        }
        outcome = ops.diagnose(c); // out of retries: say what became of the container
      }
      return finish(assigned, c, t, sink, outcome, capture, ready);
    }
  }

  /** Gives the container back, then hands a whole answer to the client and builds the result. */
  private CallResult finish(Assignment.Container assigned, FunctionContainer c, AdmittedCall t, ResponseSink sink,
      CallExchange.Outcome outcome, CallLog.Capture capture, long ready) {
    CallOutput output = capture == null ? CallOutput.NONE : capture::text;
    boolean reusable = outcome.keepContainer() && !c.exited();
    c.busy = false;
    shell.finished(c, reusable);
    if (outcome.whole() != null) { // the container is free before the client has its answer
      try {
        sink.complete(outcome.status(), outcome.whole().headers(), outcome.whole().body());
      } catch (IOException e) {
        outcome = CallExchange.Outcome.failed(CallError.CLIENT_GONE, CallError.CLIENT_GONE.message()).afterCommit();
      }
    }
    long init = assigned.cold() ? c.initNanos : 0;
    CallResult.Timings timings = new CallResult.Timings(Math.max(0, ready - t.arrivedNanos - init), init,
        clock.nanoTime() - ready);
    return outcome.failure() == null
        ? new CallResult.Completed(outcome.status(), timings, output)
        : new CallResult.Failed(outcome.failure(), outcome.message(), outcome.committed(), timings, output);
  }

  /** Calls sent to another container since start-up, by {@link Unsent#label reason} (every reason shown). */
  Map<String, Long> retries() {
    Map<String, Long> out = new TreeMap<>();
    retries.forEach((u, n) -> out.put(u.label, n.sum()));
    return out;
  }

  /** For tests: {@code hook} is told of each container handed to a call, before the call is written to it. */
  void onPicked(Consumer<FunctionContainer> hook) {
    picked = hook;
  }
}
