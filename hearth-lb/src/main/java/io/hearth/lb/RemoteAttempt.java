package io.hearth.lb;

import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.hearth.core.call.CallError;
import io.hearth.core.call.CallOutput;
import io.hearth.core.call.CallResult;
import io.hearth.core.call.Headers;
import io.hearth.core.call.ResponseSink;
import io.hearth.protocol.FromRunner;
import io.hearth.protocol.StreamSender;
import io.hearth.protocol.ToRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One try of a call on one runner, from the lb: opens the call's stream, sends the try-call and
 * the body, and follows what the runner says. A body of one frame at most is sent at once by the
 * call's thread (it fits what the stream buffers); a longer one is sent by a pump thread of its
 * own, each frame when the runner can take it, so that a function answering as it reads never
 * stalls. Before the runner commits, anything that goes wrong leaves the call free to be placed
 * elsewhere; after, the call's fate is this runner's.
 *
 * <p>Threads: the lb's call thread runs {@link #run} and owns the fields; the stream's callbacks
 * (on the channel's event loop) only queue events. The attempt keeps {@link #WINDOW} messages
 * asked for ahead of those it has handled: the runner's next messages are delivered as they
 * arrive instead of a round trip through the event loop each, and the queue stays short.
 */
final class RemoteAttempt {
  private static final Logger log = LoggerFactory.getLogger(RemoteAttempt.class);
  /** Messages asked for ahead: a call's whole answer when small (committed, start, a chunk, finished). */
  static final int WINDOW = 4;

  /** How a try ended. */
  sealed interface Outcome {
    /** The runner said no before doing anything: try another. */
    record Refused(FromRunner.Reason reason, String message) implements Outcome {}

    /** The runner could not be reached or failed before committing: try another. */
    record Unreachable(String why) implements Outcome {}

    /** The runner took the call; this is how it ended (for a detached call: that it started). */
    record Done(CallResult result) implements Outcome {}
  }

  /** What the stream's callbacks hand the call thread, in order. */
  private sealed interface Event {
    /** The runner sent a message. */
    record Message(FromRunner message) implements Event {}

    /** The stream ended. */
    record Closed(Status status) implements Event {}
  }

  private final RunnerClient runner;
  private final ToRunner.TryCall tryCall;
  private final RequestBody body;
  private final ResponseSink sink;
  private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final ClientCall<ToRunner, FromRunner> call;
  private final StreamSender<ToRunner> sender;
  /** Told how a detached call ended (on the follower's thread), after its 202. */
  private final java.util.function.Consumer<CallResult> detachedEnd;
  /** The runner said at commit that it records the call itself (with its log). */
  private boolean runnerRecords;

  RemoteAttempt(RunnerClient runner, ToRunner.TryCall tryCall, RequestBody body, ResponseSink sink,
      java.util.function.Consumer<CallResult> detachedEnd) {
    this.detachedEnd = detachedEnd;
    this.runner = runner;
    this.tryCall = tryCall;
    this.body = body;
    this.sink = sink;
    this.call = runner.newCall();
    this.sender = new StreamSender<>(call::isReady, call::sendMessage);
  }

  Outcome run() {
    sender.locked(() -> {
      call.start(new ClientCall.Listener<>() {
        @Override
        public void onMessage(FromRunner message) {
          events.add(new Event.Message(message));
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
          sender.closed("the stream closed: " + status.getCode());
          events.add(new Event.Closed(status));
        }

        @Override
        public void onReady() {
          sender.ready();
        }
      }, new Metadata());
      call.request(WINDOW);
    });
    sender.send(tryCall);
    if (body.chunks() <= 1) {
      sendBody(false);
    } else {
      Thread.ofVirtual().name("hearth-lb-body-" + tryCall.callId()).start(() -> sendBody(true));
    }
    boolean committed = false;
    OutputStream out = null;
    while (true) {
      Event event;
      try {
        event = events.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancel("the lb is stopping");
        return committed ? done(failed(CallError.CLIENT_GONE, CallError.CLIENT_GONE.message(), out != null,
            runnerRecords)) : new Outcome.Unreachable("interrupted");
      }
      switch (event) {
        case Event.Message(FromRunner.Committed c) -> {
          committed = true;
          runnerRecords = c.recording();
          body.release();
          if (tryCall.detached()) {
            return startedDetached();
          }
        }
        case Event.Message(FromRunner.Refused r) -> {
          cancel("refused");
          return new Outcome.Refused(r.reason(), r.message());
        }
        case Event.Message(FromRunner.ResponseStart s) -> {
          try {
            out = sink.commit(s.status(), s.headers(), s.contentLength());
          } catch (IOException e) {
            cancel("the client went away");
            return done(failed(CallError.CLIENT_GONE, CallError.CLIENT_GONE.message(), false, runnerRecords));
          }
        }
        case Event.Message(FromRunner.ResponseChunk c) -> {
          try {
            if (out == null) {
              throw new IllegalStateException("a response chunk before the response started");
            }
            out.write(c.bytes());
          } catch (IOException e) {
            cancel("the client went away");
            return done(failed(CallError.CLIENT_GONE, CallError.CLIENT_GONE.message(), true, runnerRecords));
          }
        }
        case Event.Message(FromRunner.Finished f) -> {
          cancel("finished"); // a no-op on a stream the runner closed; ends the body pump
          return done(result(f, runnerRecords));
        }
        case Event.Closed closed -> {
          String why = closed.status().getCode() + (closed.status().getDescription() == null ? ""
              : " (" + closed.status().getDescription() + ")");
          if (!committed) {
            return new Outcome.Unreachable(why);
          }
          log.info("call {}: runner {} went away during the call: {}", tryCall.callId(), runner.address(), why);
          // recorded here: a runner that went away may never record it (if it does, the store
          // keeps whichever record of the call id came first and skips the other)
          return done(failed(CallError.RECEIVE_FAILED, CallError.RECEIVE_FAILED.message()
              + ": the runner running the call went away", out != null, false));
        }
      }
      sender.locked(() -> call.request(1));
    }
  }

  /**
   * A detached call started: the client gets 202 now, and the rest of the stream (the body still
   * being sent, the runner's finish) is followed in the background.
   */
  private Outcome startedDetached() {
    Headers headers = new Headers().add("Fn-Call-Id", tryCall.callId());
    try {
      sink.commit(202, headers, 0).flush();
    } catch (IOException e) {
      log.debug("call {}: the client went away before its 202", tryCall.callId());
    }
    Thread.ofVirtual().name("hearth-lb-detached-" + tryCall.callId()).start(this::followDetached);
    return done(new CallResult.Completed(202, new CallResult.Timings(0, 0, 0), output(runnerRecords)));
  }

  private void followDetached() {
    while (true) {
      sender.locked(() -> call.request(1));
      Event event;
      try {
        event = events.take();
      } catch (InterruptedException e) {
        cancel("the lb is stopping");
        endDetached(failed(CallError.RECEIVE_FAILED, CallError.RECEIVE_FAILED.message()
            + ": the lb placing the call stopped; the call may or may not have run to its end", false, runnerRecords));
        return;
      }
      if (event instanceof Event.Message(FromRunner.Finished f)) {
        log.debug("detached call {} ended on {}: {} {}", tryCall.callId(), runner.address(), f.status(), f.message());
        cancel("finished");
        endDetached(result(f, runnerRecords));
        return;
      }
      if (event instanceof Event.Closed c) {
        log.info("detached call {}: runner {} closed the stream: {}", tryCall.callId(), runner.address(),
            c.status().getCode());
        // the runner went away, or this lb is stopping (its channels close): the call may run on
        endDetached(failed(CallError.RECEIVE_FAILED, CallError.RECEIVE_FAILED.message()
            + ": the stream to the runner running the call closed (" + c.status().getCode()
            + ") before its end; the call may or may not have run to its end", false, false));
        return;
      }
    }
  }

  private void endDetached(CallResult result) {
    try {
      detachedEnd.accept(result);
    } catch (RuntimeException e) {
      log.warn("detached call {}: telling its end failed", tryCall.callId(), e);
    }
  }

  /**
   * Sends the body, then ends it; stops if the stream ends. {@code paced}: each chunk when the
   * runner can take it (a pump thread's); else at once (one chunk at most, the call thread's).
   */
  private void sendBody(boolean paced) {
    try {
      for (int i = 0; i < body.chunks(); i++) {
        byte[] chunk = body.chunk(i);
        if (chunk == null) {
          return; // let go: cannot happen before it was sent
        }
        if (paced) {
          sender.sendWhenReady(new ToRunner.BodyChunk(chunk));
        } else if (!sender.send(new ToRunner.BodyChunk(chunk))) {
          return; // the stream ended: the events say how
        }
        body.sent(i);
      }
      sender.send(new ToRunner.BodyEnd());
      sender.locked(() -> {
        if (!sender.isClosed()) {
          call.halfClose();
        }
      });
    } catch (IOException e) {
      log.debug("call {}: stopped sending the body: {}", tryCall.callId(), e.getMessage());
    } catch (IllegalStateException e) {
      log.debug("call {}: the stream ended while sending the body", tryCall.callId(), e);
    }
  }

  private void cancel(String why) {
    sender.locked(() -> call.cancel(why, null));
    sender.closed(why);
  }

  private static Outcome done(CallResult result) {
    return new Outcome.Done(result);
  }

  private static CallResult.Failed failed(CallError error, String message, boolean committed,
      boolean runnerRecords) {
    return new CallResult.Failed(error, message, committed, new CallResult.Timings(0, 0, 0), output(runnerRecords));
  }

  /** The output of a result from a runner: none here, and marked when the runner records the call. */
  private static CallOutput output(boolean runnerRecords) {
    return runnerRecords ? new CallOutput.RecordedElsewhere() : CallOutput.NONE;
  }

  /** The runner's account of how the call ended, as the agent's result. */
  static CallResult result(FromRunner.Finished f, boolean runnerRecords) {
    CallResult.Timings t = new CallResult.Timings(f.queueNanos(), f.initNanos(), f.execNanos());
    if (f.error().isEmpty()) {
      return new CallResult.Completed(f.status(), t, output(runnerRecords));
    }
    CallError error;
    try {
      error = CallError.valueOf(f.error());
    } catch (IllegalArgumentException e) {
      error = CallError.RECEIVE_FAILED; // a newer runner's error: the message still says what happened
    }
    return new CallResult.Failed(error, f.message(), f.cutShort(), t, output(runnerRecords));
  }
}
