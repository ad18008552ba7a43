package io.hearth.fdk;

import io.hearth.uds.BodyInputStream;
import io.hearth.uds.HttpProtocolException;
import io.hearth.uds.HttpWire;
import io.hearth.uds.RequestHead;
import io.hearth.uds.WireInput;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * One connection from the agent: reads calls one at a time (keep-alive) and runs the handler for
 * each on this connection's own virtual thread. A broken connection ends this loop only.
 *
 * <p>Confined to its thread; only {@link #close()} may be called from elsewhere (by the server
 * shutting down), which closes the socket and so wakes a blocked read or write.
 */
final class CallConnection implements Runnable {
  /** Largest request head accepted; the agent bounds client headers itself, this guards against garbage. */
  static final int HEAD_LIMIT = 256 * 1024;
  /** Output buffer: large enough for a head plus a typical small body in one write. */
  private static final int WRITE_BUFFER = 16 * 1024;
  private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

  private final SocketChannel channel;
  private final FnHandler handler;
  private final Map<String, String> config;
  private final Set<CallConnection> registry;
  private final WireInput in;
  private final OutputStream out;

  /** @param registry the server's open connections, which this one leaves when it ends */
  CallConnection(SocketChannel channel, FnHandler handler, Map<String, String> config, Set<CallConnection> registry) {
    this.channel = channel;
    this.handler = handler;
    this.config = config;
    this.registry = registry;
    this.in = new WireInput(ChannelStreams.input(channel));
    this.out = new BufferedOutputStream(ChannelStreams.output(channel), WRITE_BUFFER);
  }

  @Override
  public void run() {
    try {
      while (serveOne()) {
        // next call on the kept-alive connection
      }
    } catch (IOException e) {
      // the agent went away or sent something broken mid-call: this connection is done
    } finally {
      close();
      registry.remove(this);
    }
  }

  /** Serves one request; returns whether the connection can carry another. */
  private boolean serveOne() throws IOException {
    RequestHead head;
    BodyInputStream body;
    try {
      head = HttpWire.readRequestHead(in, HEAD_LIMIT);
      if (head == null) {
        return false; // closed between calls
      }
      body = BodyInputStream.of(in, head.headers(), false);
    } catch (HttpProtocolException e) {
      Responses.error(out, 400, "Invalid request: " + e.getMessage(), true);
      return false;
    }
    boolean closeAfter = head.headers().hasToken("Connection", "close");
    // instanceof rather than a pattern switch, whose bootstrap would slow the first call of a cold start.
    CallRequests.Verdict verdict = CallRequests.check(head);
    boolean keep;
    if (verdict instanceof CallRequests.Verdict.Accepted accepted) {
      keep = runCall(accepted, head, body, closeAfter);
    } else {
      CallRequests.Verdict.Rejected rejected = (CallRequests.Verdict.Rejected) verdict;
      Responses.error(out, rejected.status(), rejected.message(), closeAfter);
      keep = !closeAfter;
    }
    // Whatever the handler left unread precedes the next request on the wire.
    return keep && body.drain(Long.MAX_VALUE);
  }

  private boolean runCall(CallRequests.Verdict.Accepted accepted, RequestHead head, BodyInputStream body,
      boolean closeAfter) throws IOException {
    if (head.headers().hasToken("Expect", "100-continue") && !body.isComplete()) {
      out.write(CONTINUE);
      out.flush();
    }
    CallBody callBody = new CallBody(body);
    CallExchange exchange = new CallExchange(accepted.callId(), out, this::close, closeAfter);
    try {
      FnCall call = new FnCall(accepted.callId(), accepted.deadline(), HeaderMaps.of(head.headers()), callBody,
          config);
      handler.handle(call, exchange);
      exchange.finish();
    } catch (Throwable failure) { // a failing call, whatever the failure, must not end the server
      exchange.fail(failure);
    } finally {
      callBody.end();
    }
    return exchange.keepsConnection();
  }

  /** Closes the socket; safe from any thread and more than once. */
  void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing: nothing more to do
    }
  }
}
