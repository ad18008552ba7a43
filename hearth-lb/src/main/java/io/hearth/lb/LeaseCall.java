package io.hearth.lb;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.hearth.protocol.LeaseExchange;
import io.hearth.protocol.LeaseFrame;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One allocs API request forwarded to a runner over {@code hearth.runner.Runner/Leases}, its answer
 * written to a {@link LeaseExchange.Reply} as it arrives: what an api node does for an alloc the
 * runner holds. The runner must start answering (its head frame) within the deadline, else it
 * counts as unreachable and the call is cancelled; the body then streams as long as it lasts (an
 * exec's followed log), one frame requested at a time, so a slow reader holds the runner back
 * instead of filling memory.
 *
 * <p>Threads: gRPC's callbacks put events on a queue; the calling thread takes them and writes.
 */
public final class LeaseCall {
  private LeaseCall() {}

  /** How a forwarded request ended. */
  public sealed interface Outcome {
    /** The runner answered; the reply has its status and whole body. */
    record Answered(int status) implements Outcome {}

    /** The runner did not answer (down, unreachable, too slow, or an older runner); nothing was written. */
    record Unreachable(String reason) implements Outcome {
      public Unreachable {
        Objects.requireNonNull(reason, "reason");
      }
    }
  }

  /** What the stream's callbacks say, in order. */
  private sealed interface Event {
    record Frame(LeaseFrame frame) implements Event {}

    record Closed(Status status) implements Event {}
  }

  /**
   * Forwards {@code request} and writes the answer to {@code reply}.
   *
   * @param deadline longest wait for the runner to start answering
   * @throws IOException when the answer broke off after it started (the reply is open and cut short),
   *     or writing to the reply failed (the call is cancelled)
   */
  static Outcome forward(RunnerClient client, LeaseExchange.Request request, Duration deadline,
      LeaseExchange.Reply reply) throws IOException {
    ClientCall<LeaseExchange.Request, LeaseFrame> call = client.newLeasesCall(CallOptions.DEFAULT);
    LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(LeaseFrame message) {
        events.add(new Event.Frame(message));
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        events.add(new Event.Closed(status));
      }
    }, new Metadata());
    call.sendMessage(request);
    call.halfClose();
    call.request(1);
    OutputStream body = null;
    int status = 0;
    try {
      while (true) {
        Event e;
        if (body == null) { // the first event: the head, or the stream's end
          e = events.poll(deadline.toMillis(), TimeUnit.MILLISECONDS);
          if (e == null) {
            call.cancel("no answer within the deadline", null);
            return new Outcome.Unreachable("no answer within " + deadline.toMillis() + " ms");
          }
        } else {
          e = events.take();
        }
        if (e instanceof Event.Frame(LeaseFrame.Head h) && body == null) {
          status = h.status();
          body = reply.open(h.status(), h.contentType(), h.headers());
          call.request(1);
        } else if (e instanceof Event.Frame(LeaseFrame.Chunk c) && body != null) {
          body.write(c.bytes());
          body.flush();
          call.request(1);
        } else if (e instanceof Event.Closed(Status s)) {
          if (body == null) {
            return new Outcome.Unreachable(describe(s));
          }
          if (!s.isOk()) {
            throw new IOException("the runner's answer broke off: " + describe(s));
          }
          body.close();
          return new Outcome.Answered(status);
        } else {
          call.cancel("frames out of order", null);
          if (body == null) {
            return new Outcome.Unreachable("the runner answered out of order");
          }
          throw new IOException("the runner's answer was out of order");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      call.cancel("interrupted", null);
      throw new IOException("interrupted while forwarding", e);
    } catch (IOException | RuntimeException e) {
      call.cancel("writing the answer failed", e);
      throw e;
    }
  }

  private static String describe(Status s) {
    return switch (s.getCode()) {
      case UNIMPLEMENTED -> "it does not serve leases (an older Hearth?)";
      case UNAVAILABLE -> "cannot connect (" + (s.getCause() != null && s.getCause().getMessage() != null
          ? s.getCause().getMessage() : s.getDescription()) + ")";
      case OK -> "it closed the stream without an answer";
      default -> s.getCode() + (s.getDescription() == null ? "" : ": " + s.getDescription());
    };
  }
}
