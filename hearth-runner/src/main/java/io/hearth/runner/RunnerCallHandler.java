package io.hearth.runner;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.hearth.agent.Admission;
import io.hearth.core.call.CallError;
import io.hearth.core.call.CallRequest;
import io.hearth.core.call.CallResult;
import io.hearth.protocol.FromRunner;
import io.hearth.protocol.RunnerProtocol;
import io.hearth.protocol.StreamSender;
import io.hearth.protocol.ToRunner;
import java.io.IOException;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's stream on a runner. The try-call is admitted (or refused: draining, another protocol
 * version), then the call runs on a virtual thread of its own on the local agent while the body
 * frames feed it. The call is <em>committed</em> when the agent admits it (a container is the call's,
 * or is starting for it: the runner's agent never queues otherwise) — the agent's admission step,
 * before it reads the body — and the lb hears {@link FromRunner.Committed} before anything else of
 * the answer. A call the agent refuses for room at admission is answered with
 * {@link FromRunner.Refused}: nothing ran, and the lb tries another runner. A committed call is
 * recorded here, with its log, when the runner shares a datastore (the lb was told so at commit).
 *
 * <p>Threads: gRPC runs the callbacks one at a time; the call's thread runs {@link #run}; the
 * agent's body pump may read the body on a third. The call object is used only under the
 * {@link StreamSender}'s lock, which also orders {@code committed} with what is sent.
 */
final class RunnerCallHandler extends ServerCall.Listener<ToRunner> {
  private static final Logger log = LoggerFactory.getLogger(RunnerCallHandler.class);
  /** Body frames requested ahead of the agent's reads: bounds what waits in memory. */
  private static final int WINDOW = 4;

  private final RunnerService service;
  private final ServerCall<ToRunner, FromRunner> call;
  private final StreamSender<FromRunner> sender;
  private InboundBody body; // set by the try-call; callbacks only
  private boolean started; // callbacks only
  private volatile boolean committed; // written under the sender's lock
  private boolean headersSent; // under the sender's lock

  RunnerCallHandler(RunnerService service, ServerCall<ToRunner, FromRunner> call) {
    this.service = service;
    this.call = call;
    this.sender = new StreamSender<>(call::isReady, call::sendMessage);
    sender.locked(() -> call.request(1));
  }

  @Override
  public void onMessage(ToRunner message) {
    switch (message) {
      case ToRunner.TryCall t when !started -> start(t);
      case ToRunner.BodyChunk c when body != null -> body.offer(c.bytes());
      case ToRunner.BodyEnd e when body != null -> body.end();
      default -> abort(Status.INVALID_ARGUMENT.withDescription("unexpected " + message.getClass().getSimpleName()));
    }
  }

  @Override
  public void onHalfClose() {
    if (body != null) {
      body.end();
    }
  }

  @Override
  public void onCancel() {
    sender.closed("the lb went away");
    if (body != null) {
      body.fail(new IOException("the lb went away before the request body was complete"));
    }
  }

  @Override
  public void onReady() {
    sender.ready();
  }

  @Override
  public void onComplete() {
    sender.closed("the call's stream is complete");
  }

  private void start(ToRunner.TryCall t) {
    started = true;
    if (t.version() != RunnerProtocol.VERSION) {
      finish(new FromRunner.Refused(FromRunner.Reason.VERSION, "this runner speaks version "
          + RunnerProtocol.VERSION + " of the runner protocol, not " + t.version()));
      return;
    }
    if (!service.admit()) {
      finish(new FromRunner.Refused(FromRunner.Reason.DRAINING, "the runner is stopping"));
      return;
    }
    body = new InboundBody(() -> sender.locked(() -> call.request(1)));
    sender.locked(() -> {
      sendHeadersOnce();
      call.request(WINDOW);
    });
    Thread.ofVirtual().name("hearth-runner-call-" + t.callId()).start(() -> run(t));
  }

  private void run(ToRunner.TryCall t) {
    boolean refused = false;
    try {
      ChunkOutput out = t.detached() ? null : new ChunkOutput(sender);
      CallRequest request = new CallRequest(t.callId(), t.app(), t.fn(), t.headers(), body, t.bodyLength());
      Admission admission = service.agent().admit(request);
      if (admission instanceof Admission.Refused r) {
        CallResult.Failed f = r.failure();
        if (f.error() == CallError.TOO_BUSY || f.error() == CallError.TOO_BIG) {
          refused = true;
          finish(new FromRunner.Refused(f.error() == CallError.TOO_BIG ? FromRunner.Reason.TOO_BIG
              : FromRunner.Reason.BUSY, f.message()));
        } else {
          finish(finished(f)); // not this runner's to record: it never ran here
        }
        return;
      }
      commit();
      CallResult result = service.agent().run(admission.ticket(), (status, headers, length) -> {
        if (out == null) {
          return OutputStream.nullOutputStream(); // detached: the client has its 202 already
        }
        if (!sender.send(new FromRunner.ResponseStart(status, headers, length))) {
          throw new IOException("the lb went away");
        }
        return out;
      });
      if (out != null && result instanceof CallResult.Completed) {
        out.flush();
      }
      service.record(t, result);
      finish(finished(result));
    } catch (IOException e) {
      log.debug("call {}: the lb went away: {}", t.callId(), e.getMessage());
      abort(Status.CANCELLED.withDescription(e.getMessage()));
    } catch (RuntimeException e) {
      log.warn("call {} failed on this runner", t.callId(), e);
      abort(Status.INTERNAL.withDescription("the runner failed: " + e));
    } finally {
      service.ended(refused);
    }
  }

  /** Tells the lb, once and before any answer, that the call is this runner's (it was admitted). */
  private void commit() {
    sender.locked(() -> {
      if (!committed) {
        committed = true;
        sender.send(new FromRunner.Committed(service.recording()));
      }
    });
  }

  private static FromRunner.Finished finished(CallResult result) {
    CallResult.Timings t = result.timings();
    return switch (result) {
      case CallResult.Completed c -> new FromRunner.Finished(c.status(), "", "", false, t.queueNanos(),
          t.initNanos(), t.execNanos());
      case CallResult.Failed f -> new FromRunner.Finished(f.status(), f.error().name(), f.message(), f.committed(),
          t.queueNanos(), t.initNanos(), t.execNanos());
    };
  }

  /** Sends the last message and closes the stream (unless the lb has gone). */
  private void finish(FromRunner last) {
    sender.locked(() -> {
      if (sender.isClosed()) {
        return;
      }
      try {
        sendHeadersOnce();
        call.sendMessage(last);
        call.close(Status.OK, new Metadata());
      } catch (IllegalStateException e) {
        log.debug("the stream closed before the last message", e);
      }
      sender.closed("finished");
    });
  }

  /** Under the sender's lock. */
  private void sendHeadersOnce() {
    if (!headersSent) {
      headersSent = true;
      call.sendHeaders(new Metadata());
    }
  }

  private void abort(Status status) {
    sender.locked(() -> {
      if (!sender.isClosed()) {
        try {
          call.close(status, new Metadata());
        } catch (IllegalStateException e) {
          log.debug("the stream was closed already", e);
        }
        sender.closed(status.getDescription() == null ? status.getCode().toString() : status.getDescription());
      }
    });
  }
}
