package io.hearth.lb;

import io.hearth.core.call.CallError;
import io.hearth.core.call.CallOutput;
import io.hearth.core.call.CallRequest;
import io.hearth.core.call.CallResult;
import io.hearth.core.call.ResponseSink;
import io.hearth.core.placement.PlacementKey;
import io.hearth.core.placement.Placer;
import io.hearth.core.placement.PlacerConfig;
import io.hearth.core.placement.RunnerView;
import io.hearth.core.placement.Walk;
import io.hearth.core.slot.SlotKey;
import io.hearth.protocol.FromRunner;
import io.hearth.protocol.RunnerProtocol;
import io.hearth.protocol.Sleeper;
import io.hearth.protocol.ToRunner;
import io.hearth.core.time.Clock;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An lb's way of running a call, in place of the local agent: reads the request body whole, then
 * walks the runners the {@link Placer} proposes until one commits — a refusal or an unreachable
 * runner moves on to the next; when every runner said no it waits the retry-all delay and walks
 * again, until the placer timeout, then answers 503. A call whose runner committed is never placed
 * again: if that runner goes away, the call ends with 502. A result whose runner records the call
 * itself, with its log, carries {@link CallOutput.RecordedElsewhere} as its output: the lb must not
 * record it again; the lb records the others (calls no runner took, runners without a datastore, a
 * runner gone during the call).
 *
 * <p>Thread-safe; each call runs on its caller's (virtual) thread.
 */
public final class LbCaller {
  private static final Logger log = LoggerFactory.getLogger(LbCaller.class);
  static final String INVOKE_TYPE = "Fn-Invoke-Type";
  /** A detached call's client is answered by the API, not by the attempt. */
  private static final ResponseSink DISCARD = (status, headers, length) -> java.io.OutputStream.nullOutputStream();
  private final RunnerPool pool;
  private final Placer placer;
  private final PlacerConfig config;
  private final long maxRequestBytes;
  private final Clock clock;
  private final Sleeper sleeper;

  /** @param maxRequestBytes largest request body, 0 for no limit */
  public LbCaller(RunnerPool pool, Placer placer, PlacerConfig config, long maxRequestBytes, Clock clock,
      Sleeper sleeper) {
    this.pool = pool;
    this.placer = placer;
    this.config = config;
    this.maxRequestBytes = maxRequestBytes;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** Runs one call on a runner; the answer streams to {@code sink}. Never throws for a call's failure. */
  public CallResult call(CallRequest request, ResponseSink sink) {
    return place(request, sink, result -> { });
  }

  /**
   * Starts a detached call ({@code Fn-Invoke-Type: detached}): returns once a runner committed to
   * it (empty: the client may have its 202), or why no runner took it. {@code onEnd} is told how
   * it ended, from the runner's finish (or that its runner or this lb went away), on another thread.
   * The request carries {@code Fn-Invoke-Type: detached}; without it the call would run to its end here.
   */
  public Optional<CallResult.Failed> start(CallRequest request, java.util.function.Consumer<CallResult> onEnd) {
    CallResult started = place(request, DISCARD, onEnd);
    return started instanceof CallResult.Failed failed ? Optional.of(failed) : Optional.empty();
  }

  private CallResult place(CallRequest request, ResponseSink sink, java.util.function.Consumer<CallResult> onEnd) {
    long arrived = clock.nanoTime();
    RequestBody body;
    try {
      body = RequestBody.read(request.body(), maxRequestBytes);
    } catch (RequestBody.TooLarge e) {
      return failed(CallError.REQUEST_TOO_LARGE, CallError.REQUEST_TOO_LARGE.message(), arrived);
    } catch (IOException e) {
      return failed(CallError.CLIENT_GONE, CallError.CLIENT_GONE.message(), arrived);
    }
    boolean detached = "detached".equalsIgnoreCase(request.headers().first(INVOKE_TYPE));
    long key = PlacementKey.of(SlotKey.of(request.app(), request.fn()));
    ToRunner.TryCall tryCall = new ToRunner.TryCall(RunnerProtocol.VERSION, request.callId(), request.app(),
        request.fn(), key, request.headers(), body.length(), detached);
    Instant deadline = config.deadline(clock.instant(), detached);
    while (true) {
      Walk walk = placer.walk(key, pool.view());
      int offered = 0;
      int tooBig = 0;
      for (Optional<RunnerView> next = walk.next(); next.isPresent(); next = walk.next()) {
        if (!clock.instant().isBefore(deadline)) {
          break;
        }
        Optional<RunnerPool.Member> member = pool.member(next.get().id());
        if (member.isEmpty()) {
          continue; // left since the view was taken
        }
        offered++;
        RemoteAttempt.Outcome outcome = attempt(member.get(), tryCall, body, sink, onEnd);
        switch (outcome) {
          case RemoteAttempt.Outcome.Done done -> {
            return done.result();
          }
          case RemoteAttempt.Outcome.Refused refused -> {
            if (refused.reason() == FromRunner.Reason.TOO_BIG) {
              tooBig++;
            }
            log.debug("call {}: runner {} refused: {}", request.callId(), member.get().id, refused.message());
          }
          case RemoteAttempt.Outcome.Unreachable u -> {
            log.info("call {}: runner {} at {} unreachable ({}), placing the call elsewhere", request.callId(),
                member.get().id, member.get().address, u.why());
            pool.unreachable(member.get());
          }
        }
      }
      if (offered > 0 && tooBig == offered) {
        return failed(CallError.TOO_BIG, CallError.TOO_BIG.message(), arrived); // no runner will ever fit it
      }
      Optional<String> none = pool.noneCanTake();
      if (none.isPresent()) { // every runner failed its TLS handshake: retrying cannot help
        return failed(CallError.TOO_BUSY, "No runner can take the call: " + none.get(), arrived);
      }
      if (!config.retryBefore(clock.instant(), deadline)) {
        return failed(CallError.TOO_BUSY, CallError.TOO_BUSY.message(), arrived);
      }
      try {
        sleeper.sleep(config.retryAllDelay());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return failed(CallError.TOO_BUSY, CallError.TOO_BUSY.message(), arrived);
      }
    }
  }

  private static RemoteAttempt.Outcome attempt(RunnerPool.Member m, ToRunner.TryCall tryCall, RequestBody body,
      ResponseSink sink, java.util.function.Consumer<CallResult> onEnd) {
    m.inflight.incrementAndGet();
    try {
      return new RemoteAttempt(m.client, tryCall, body, sink, onEnd).run();
    } finally {
      m.inflight.decrementAndGet();
    }
  }

  private CallResult failed(CallError error, String message, long arrived) {
    return new CallResult.Failed(error, message, false,
        new CallResult.Timings(clock.nanoTime() - arrived, 0, 0), CallOutput.NONE);
  }
}
