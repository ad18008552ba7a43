package io.hearth.runner;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.hearth.protocol.LeaseExchange;
import io.hearth.protocol.LeaseFrame;
import io.hearth.protocol.RunnerProtocol;
import io.hearth.protocol.StreamSender;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link RunnerProtocol#LEASES} stream on a runner: the request arrives whole, the runner's
 * {@link LeaseExchange.Handler} answers it on a virtual thread of its own (an exec's log may follow
 * for long), and what it writes goes back as a {@link LeaseFrame.Head} and {@link LeaseFrame.Chunk}s,
 * each waiting for the caller to be ready for it. A handler that fails before answering is answered
 * 500 with a JSON message; one that fails mid-body ends the stream with an error, so the caller
 * knows the body is cut short.
 *
 * <p>Threads: gRPC runs the callbacks one at a time; the handler's thread writes. The call object
 * is used only under the {@link StreamSender}'s lock.
 */
final class LeasesCallHandler extends ServerCall.Listener<LeaseExchange.Request> {
  private static final Logger log = LoggerFactory.getLogger(LeasesCallHandler.class);

  private final LeaseExchange.Handler handler;
  private final ServerCall<LeaseExchange.Request, LeaseFrame> call;
  private final StreamSender<LeaseFrame> sender;
  private LeaseExchange.Request request; // callbacks only

  LeasesCallHandler(LeaseExchange.Handler handler, ServerCall<LeaseExchange.Request, LeaseFrame> call) {
    this.handler = handler;
    this.call = call;
    this.sender = new StreamSender<>(call::isReady, call::sendMessage);
    sender.locked(() -> call.request(2)); // one request, and a second would be an error
  }

  @Override
  public void onMessage(LeaseExchange.Request message) {
    if (request != null) {
      sender.locked(() -> call.close(Status.INVALID_ARGUMENT.withDescription("one request per leases stream"),
          new Metadata()));
      sender.closed("closed: a second request");
      return;
    }
    request = message;
  }

  @Override
  public void onHalfClose() {
    if (request == null || sender.isClosed()) {
      return;
    }
    LeaseExchange.Request r = request;
    Thread.ofVirtual().name("hearth-leases-", 0).start(() -> serve(r));
  }

  @Override
  public void onCancel() {
    sender.closed("the caller went away");
  }

  @Override
  public void onReady() {
    sender.ready();
  }

  private void serve(LeaseExchange.Request r) {
    Frames frames = new Frames();
    try {
      handler.handle(r, frames);
      frames.close();
      sender.locked(() -> {
        if (!sender.isClosed()) {
          call.close(Status.OK, new Metadata());
        }
      });
    } catch (IOException | RuntimeException e) {
      if (sender.isClosed()) {
        return; // the caller went away: nothing to tell
      }
      if (!frames.opened) {
        log.warn("leases {} /{} failed", r.method(), String.join("/", r.segments()), e);
        try {
          OutputStream out = frames.open(500, "application/json");
          out.write(("{\"message\":\"the runner failed to answer: " + jsonText(String.valueOf(e.getMessage()))
              + "\"}").getBytes(StandardCharsets.UTF_8));
          frames.close();
          sender.locked(() -> call.close(Status.OK, new Metadata()));
        } catch (IOException ignored) {
          // the caller went away meanwhile
        }
        return;
      }
      sender.locked(() -> call.close(Status.ABORTED.withDescription("the answer was cut short: " + e.getMessage()),
          new Metadata()));
    } finally {
      sender.closed("answered");
    }
  }

  private static String jsonText(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * The reply the handler writes to: the head on open, then the body. Arrays written are sent at
   * once (in frames of at most {@link RunnerProtocol#CHUNK}), so a followed log reaches the caller
   * as it is written; single bytes wait in a buffer for the next array, a flush or the close. Used
   * by the handler's one thread.
   */
  private final class Frames extends OutputStream implements LeaseExchange.Reply {
    private final byte[] buffer = new byte[RunnerProtocol.CHUNK];
    private int size;
    private boolean opened;

    @Override
    public OutputStream open(int status, String contentType) throws IOException {
      return open(status, contentType, java.util.Map.of());
    }

    @Override
    public OutputStream open(int status, String contentType, java.util.Map<String, String> headers)
        throws IOException {
      if (opened) {
        throw new IllegalStateException("the answer was opened already");
      }
      opened = true;
      LeaseFrame.Head head = new LeaseFrame.Head(status, contentType, headers);
      sender.locked(() -> call.sendHeaders(new Metadata()));
      sender.sendWhenReady(head);
      return this;
    }

    @Override
    public void write(int b) throws IOException {
      if (size == buffer.length) {
        flush();
      }
      buffer[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        int n = Math.min(len, buffer.length - size);
        System.arraycopy(b, off, buffer, size, n);
        size += n;
        off += n;
        len -= n;
        flush();
      }
    }

    @Override
    public void flush() throws IOException {
      if (size > 0) {
        byte[] chunk = Arrays.copyOf(buffer, size);
        size = 0;
        sender.sendWhenReady(new LeaseFrame.Chunk(chunk));
      }
    }

    @Override
    public void close() throws IOException {
      if (!opened) {
        throw new IOException("the handler answered nothing");
      }
      flush();
    }
  }
}
