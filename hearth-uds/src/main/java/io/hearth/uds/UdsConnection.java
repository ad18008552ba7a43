package io.hearth.uds;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * One HTTP/1.1 client connection over a unix domain socket, carrying one exchange at a time and
 * kept alive between exchanges.
 *
 * <p>Not thread-safe: one exchange at a time, driven by one thread; {@link #abort()} alone may be
 * called from any thread (it closes the socket, which wakes a blocked reader or writer).
 */
public final class UdsConnection implements Closeable {
  private static final int WRITE_BUFFER = 16 * 1024;

  private final Path path;
  private final SocketChannel channel;
  private final WireInput in;
  private final OutputStream out;
  private boolean inExchange;
  private volatile boolean broken;

  private UdsConnection(Path path, SocketChannel channel) {
    this.path = path;
    this.channel = channel;
    this.in = new WireInput(Channels.newInputStream(channel));
    this.out = new BufferedOutputStream(Channels.newOutputStream(channel), WRITE_BUFFER);
  }

  /** Connects to the socket at {@code path} (a symlink to a socket is followed). */
  public static UdsConnection open(Path path) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(UnixDomainSocketAddress.of(path));
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    return new UdsConnection(path, channel);
  }

  public Path path() {
    return path;
  }

  /**
   * Sends a request and reads the response head; the response body streams from the result.
   *
   * @param head   request head; Host, Content-Length and Transfer-Encoding are set here
   * @param body   request body, or null for none
   * @param length body length, or -1 to send it chunked
   * @param headLimit largest response head accepted
   */
  public UdsResponse send(RequestHead head, InputStream body, long length, int headLimit) throws IOException {
    if (inExchange) {
      throw new IllegalStateException("previous response on this connection is still open");
    }
    if (broken || !channel.isOpen()) {
      throw new IOException("connection to " + path + " is closed");
    }
    inExchange = true;
    HttpHeaders h = head.headers();
    if (!h.contains("Host")) {
      h.add("Host", "localhost");
    }
    h.remove("Content-Length").remove("Transfer-Encoding");
    if (body == null) {
      if (!head.method().equals("GET") && !head.method().equals("HEAD")) {
        h.add("Content-Length", "0");
      }
    } else if (length >= 0) {
      h.add("Content-Length", Long.toString(length));
    } else {
      h.add("Transfer-Encoding", "chunked");
    }
    IOException writeFailure = null;
    try {
      HttpWire.writeRequestHead(out, head);
      if (body != null) {
        OutputStream bodyOut = length >= 0 ? new FixedLengthOutputStream(out, length) : new ChunkedOutputStream(out);
        body.transferTo(bodyOut);
        bodyOut.close();
      }
      out.flush();
    } catch (IOException e) {
      // The peer may have answered early and closed its side: its response is still worth reading.
      writeFailure = e;
      broken = true;
    }
    try {
      ResponseHead responseHead = HttpWire.readResponseHead(in, headLimit);
      BodyInputStream responseBody = head.method().equals("HEAD") || responseHead.bodyless()
          ? BodyInputStream.empty(in)
          : BodyInputStream.of(in, responseHead.headers(), true);
      boolean keepAlive = !responseHead.headers().hasToken("Connection", "close");
      return new UdsResponse(this, responseHead, responseBody, keepAlive);
    } catch (IOException e) {
      broken = true;
      closeQuietly();
      if (writeFailure != null) {
        e.addSuppressed(writeFailure);
      }
      throw e;
    }
  }

  /** Called by the response when it is closed. */
  void finishExchange(boolean reusable) {
    inExchange = false;
    if (!reusable) {
      broken = true;
      closeQuietly();
    }
  }

  /**
   * Whether the connection can carry another exchange: open, idle, and the peer has not closed its
   * side. Checks the socket without blocking, so a container that died while idle is noticed
   * before a request is sent to it.
   */
  public boolean isUsable() {
    if (broken || inExchange || !channel.isOpen() || in.hasBuffered()) {
      return false;
    }
    try {
      synchronized (channel.blockingLock()) {
        channel.configureBlocking(false);
        try {
          int n = channel.read(ByteBuffer.allocate(1));
          if (n != 0) { // -1: peer closed; >0: bytes nobody asked for
            broken = true;
            return false;
          }
        } finally {
          channel.configureBlocking(true);
        }
      }
      return true;
    } catch (IOException e) {
      broken = true;
      return false;
    }
  }

  /** Closes the socket from any thread; an exchange in progress fails. */
  public void abort() {
    broken = true;
    closeQuietly();
  }

  @Override
  public void close() {
    abort();
  }

  public boolean isOpen() {
    return !broken && channel.isOpen();
  }

  private void closeQuietly() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing: nothing left to do with the error
    }
  }
}
