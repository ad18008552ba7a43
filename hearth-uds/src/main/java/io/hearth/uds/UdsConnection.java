package io.hearth.uds;

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
import java.time.Duration;

/**
 * One HTTP/1.1 client connection over a unix domain socket, carrying one exchange at a time and
 * kept alive between exchanges.
 *
 * <p>Not thread-safe: one exchange at a time, driven by one thread, which owns {@code in}, {@code
 * out}, {@code probe} and {@code inExchange}; {@link #abort()} alone may be called from any thread
 * (it closes the socket, which wakes a blocked reader or writer), and {@code broken} is volatile for
 * it. {@link #isUsable()} must not run while another thread sends on the connection.
 *
 * <p>A request body of known length up to {@value #INLINE_BODY_LIMIT} bytes is written before the
 * response is read: it fits in the socket's buffer. A larger or chunked body is written by a
 * {@link BodyPump} on a virtual thread of its own while the caller reads the response, because a
 * server that answers as it reads (an echo, any streaming function) would otherwise fill both
 * directions' buffers and stall with us. When the server answers early and closes its end while
 * the body is still being written, the write fails, and the response it sent is read all the same: {@link #send} returns it (on a connection that will not
 * be reused), or, when the server closed without answering, throws an {@link IOException} with the
 * write failure attached as suppressed. A failure on this side (the body source threw, or its
 * length was not the declared one) closes the connection and is thrown at once: the server still
 * waits for the rest of the body, so no response will come. When the peer accepted no byte of the
 * request at all (the connection was closed before, or its first write failed), {@link #send}
 * throws a {@link NotSentException}: the peer cannot have seen it, and a caller may send it
 * elsewhere.
 */
public final class UdsConnection implements Closeable {
  /** Bodies up to this many bytes are written before the response is read. */
  static final long INLINE_BODY_LIMIT = 64 * 1024;
  /**
   * How long a finished response waits for the pump to report the request body fully written. Only
   * a server that answered before reading the whole body makes it wait: one that then drains the
   * rest (as HTTP/1.1 asks, and the FDKs do) keeps the connection; one that stalls loses it.
   */
  private static final Duration PUMP_GRACE = Duration.ofSeconds(2);

  private final Path path;
  private final SocketChannel channel;
  private final WireInput in;
  private final ChannelOutput out;
  private final ByteBuffer probe = ByteBuffer.allocate(1);
  private boolean inExchange;
  private BodyPump pump;
  private volatile boolean broken;

  private UdsConnection(Path path, SocketChannel channel) {
    this.path = path;
    this.channel = channel;
    this.in = new WireInput(Channels.newInputStream(channel));
    this.out = new ChannelOutput(channel);
  }

  /** Connects to the socket at {@code path} (a symlink to a socket is followed). */
  public static UdsConnection open(Path path) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(UnixDomainSocketAddress.of(path));
    } catch (IOException | RuntimeException e) {
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
   * @throws IllegalArgumentException when the head cannot be written as HTTP/1.1; nothing was sent
   *     and the connection is still usable
   */
  public UdsResponse send(RequestHead head, InputStream body, long length, int headLimit) throws IOException {
    if (broken || !channel.isOpen()) {
      throw new NotSentException("connection to " + path + " is closed", null);
    }
    if (inExchange) {
      throw new IllegalStateException("previous response on this connection is still open");
    }
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
    byte[] encodedHead = HttpWire.encodeRequestHead(head); // refuses a bad head before any I/O
    inExchange = true;
    long acceptedBefore = out.accepted(); // no pump runs between exchanges: this thread owns it
    IOException writeFailure;
    if (body != null && (length < 0 || length > INLINE_BODY_LIMIT)) {
      writeFailure = startPump(encodedHead, body, length);
    } else {
      writeFailure = writeRequest(encodedHead, body, length);
    }
    if (writeFailure != null && out.accepted() == acceptedBefore) {
      abort(); // no byte went out: no response to this request can come
      throw notSent(writeFailure);
    }
    try {
      HttpWire.ParsedResponse parsed = HttpWire.readResponse(in, headLimit);
      ResponseHead responseHead = parsed.head();
      boolean upgraded = responseHead.status() == 101;
      BodyInputStream responseBody;
      if (upgraded) {
        // The connection now speaks another protocol (Docker's attach, for one): its bytes are
        // handed over raw until the peer closes, and it never carries HTTP again.
        responseBody = new BodyInputStream.UntilClose(in);
        in.releaseWhenDrained(); // such a stream mostly waits (a container's output): no buffer held meanwhile
      } else if (head.method().equals("HEAD") || responseHead.bodyless()) {
        responseBody = BodyInputStream.empty(in);
      } else {
        responseBody = BodyInputStream.of(in, responseHead.headers(), true);
      }
      boolean keepAlive = parsed.persistent() && !upgraded && writeFailure == null
          && !h.hasToken("Connection", "close");
      return new UdsResponse(this, responseHead, responseBody, keepAlive);
    } catch (IOException | RuntimeException e) {
      broken = true;
      closeQuietly();
      if (pump != null && pump.localFailure() != null) {
        throw pump.localFailure(); // the body being forwarded failed: that is the cause, not the peer
      }
      // A pump still writing fails now that the socket is closed; once it stopped, accepted() is final.
      boolean pumping = pump != null && !pump.awaitStopped(PUMP_GRACE);
      IOException socketFailure = out.failure();
      if (!pumping && socketFailure != null && out.accepted() == acceptedBefore) {
        NotSentException notSent = notSent(socketFailure);
        notSent.addSuppressed(e);
        throw notSent;
      }
      if (writeFailure != null) {
        e.addSuppressed(writeFailure);
      }
      throw e;
    }
  }

  private NotSentException notSent(IOException writeFailure) {
    return new NotSentException("the peer at " + path + " closed its end before taking any byte of the request: "
        + writeFailure.getMessage(), writeFailure);
  }

  /**
   * Writes the head and body; returns the socket's write failure (the peer may have answered early
   * and closed, and its response is still worth reading), or null when all went out.
   *
   * @throws IOException when the body failed on this side: the connection is closed
   */
  private IOException writeRequest(byte[] encodedHead, InputStream body, long length) throws IOException {
    try {
      out.write(encodedHead);
      if (body != null) {
        OutputStream bodyOut = length >= 0 ? new FixedLengthOutputStream(out, length) : new ChunkedOutputStream(out);
        copy(body, bodyOut);
        bodyOut.close();
      }
      out.flush();
      return null;
    } catch (IOException e) {
      if (out.failure() == null) { // the body source or its length: no response will come
        abort();
        throw e;
      }
      broken = true; // never reused, but the response may still be read
      return e;
    } catch (RuntimeException | Error e) {
      abort();
      throw e;
    }
  }

  /**
   * Copies an inline body through a buffer borrowed from the pool: {@code InputStream.transferTo}
   * would allocate 16 KiB per call (or, for a byte array, copy it whole), and this runs on every call.
   */
  private static void copy(InputStream body, OutputStream bodyOut) throws IOException {
    BufferPool pool = BufferPool.shared();
    byte[] buffer = pool.take();
    try {
      int n;
      while ((n = body.read(buffer)) >= 0) {
        bodyOut.write(buffer, 0, n);
      }
    } finally {
      pool.release(buffer);
    }
  }

  /**
   * Writes the head, then hands the body to a pump; returns the socket's write failure of the head,
   * or null.
   */
  private IOException startPump(byte[] encodedHead, InputStream body, long length) {
    try {
      out.write(encodedHead);
    } catch (IOException e) {
      broken = true;
      return e;
    }
    OutputStream framed = length >= 0 ? new FixedLengthOutputStream(out, length) : new ChunkedOutputStream(out);
    pump = BodyPump.start(body, framed, out, this::abort);
    return null;
  }

  /** Called by the response when it is closed. */
  void finishExchange(boolean reusable) {
    inExchange = false;
    if (pump != null) {
      // A server that read the whole request has let the pump finish by the time its answer is
      // read; one that answered without reading it all leaves the connection unusable.
      reusable &= pump.await(PUMP_GRACE);
      pump = null;
    }
    if (!reusable || broken) {
      broken = true;
      closeQuietly();
    } else {
      in.release(); // idle until the next exchange: no read buffer held meanwhile (the write one went at its flush)
    }
  }

  /**
   * Whether the connection can carry another exchange: open, idle, and the peer has not closed its
   * side. Checks the socket without blocking, so a container that died while idle is noticed
   * before a request is sent to it. A connection found dead is closed.
   */
  public boolean isUsable() {
    if (!isIdleAndOpen()) {
      return false;
    }
    try {
      synchronized (channel.blockingLock()) {
        channel.configureBlocking(false);
        try {
          probe.clear();
          int n = channel.read(probe);
          if (n != 0) { // -1: peer closed; >0: bytes nobody asked for
            abort();
            return false;
          }
        } finally {
          if (channel.isOpen()) {
            channel.configureBlocking(true);
          }
        }
      }
      return true;
    } catch (IOException e) {
      abort();
      return false;
    }
  }

  /**
   * The cheap part of {@link #isUsable()}, without a system call: not broken, not in an exchange,
   * open, and nothing unread. For a connection that has just finished an exchange.
   */
  boolean isIdleAndOpen() {
    return !broken && !inExchange && channel.isOpen() && !in.hasBuffered();
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

  /** Whether it holds a read or write buffer now (an idle connection holds none); for tests. */
  boolean holdsBuffers() {
    return in.holdsBuffer() || out.holdsBuffer();
  }

  /** Whether the socket itself is still open, broken or not; for tests. */
  boolean socketOpen() {
    return channel.isOpen();
  }

  private void closeQuietly() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing: nothing left to do with the error
    }
  }
}
