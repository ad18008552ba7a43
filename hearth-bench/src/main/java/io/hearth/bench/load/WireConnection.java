package io.hearth.bench.load;

import io.hearth.uds.BodyInputStream;
import io.hearth.uds.HttpWire;
import io.hearth.uds.ResponseHead;
import io.hearth.uds.WireInput;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;

/**
 * A kept-alive HTTP/1.1 client connection for load: writes a pre-encoded {@link Call}, reads the
 * response head with Hearth's own codec and the body to its end. The same code talks to Hearth
 * over TCP and to a container over its unix socket, so the client's own cost is the same on both
 * sides of a comparison.
 *
 * <p>Not thread-safe: one client thread owns it; {@link #abort()} may be called from any thread
 * (the watchdog), which wakes a blocked read.
 */
public final class WireConnection implements Closeable {
  private final SocketChannel channel;
  private final WireInput in;
  private final byte[] discard = new byte[16 * 1024];
  private volatile boolean open = true;

  private WireConnection(SocketChannel channel) {
    this.channel = channel;
    this.in = new WireInput(Channels.newInputStream(channel));
  }

  public static WireConnection open(Endpoint endpoint) throws IOException {
    return new WireConnection(endpoint.connect());
  }

  /**
   * Sends the call and reads the whole answer; returns its status. The connection stays open for
   * the next call unless the server said it closes.
   */
  public int exchange(Call call) throws IOException {
    if (!open) {
      throw new IOException("connection closed");
    }
    ByteBuffer b = ByteBuffer.wrap(call.bytes());
    while (b.hasRemaining()) {
      channel.write(b);
    }
    ResponseHead head = HttpWire.readResponseHead(in, HttpWire.DEFAULT_HEAD_LIMIT);
    BodyInputStream body = head.bodyless() ? BodyInputStream.empty(in) : BodyInputStream.of(in, head.headers(), true);
    while (body.read(discard, 0, discard.length) >= 0) {
      // read to the end: the connection carries the next call
    }
    if (head.headers().hasToken("Connection", "close") || !body.leavesConnectionReusable()) {
      abort();
    }
    return head.status();
  }

  public boolean isOpen() {
    return open && channel.isOpen();
  }

  /** Closes the socket; a call in progress on another thread fails at once. */
  public void abort() {
    open = false;
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing: nothing to do about it
    }
  }

  @Override
  public void close() {
    abort();
  }
}
