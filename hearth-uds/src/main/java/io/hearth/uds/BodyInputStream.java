package io.hearth.uds;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A message body read from a connection. Reading it to its end leaves the connection at the start
 * of the next message; {@link #close()} does not close the connection.
 */
public abstract sealed class BodyInputStream extends InputStream
    permits BodyInputStream.Fixed, BodyInputStream.Chunked, BodyInputStream.UntilClose {

  protected final WireInput in;
  protected boolean done;
  private byte[] one; // for read(), made on first use

  BodyInputStream(WireInput in) {
    this.in = in;
  }

  /** Whether the whole body has been read. */
  public boolean isComplete() {
    return done;
  }

  /**
   * Whether the body is known to end here without waiting for more bytes: it is complete, or what
   * remains of it is already buffered and is only its end (a chunked body's last chunk, with no
   * trailer fields). Never reads.
   */
  public boolean endsHere() {
    return done;
  }

  /** Whether, once complete, the connection can carry another message. */
  public boolean leavesConnectionReusable() {
    return !(this instanceof UntilClose);
  }

  @Override
  public int read() throws IOException {
    if (one == null) {
      one = new byte[1];
    }
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  /** Bytes still to come when the framing says so (a Content-Length body), or -1 when unknown. */
  long knownRemaining() {
    return -1;
  }

  /** Reads and drops up to {@code limit} remaining bytes; returns whether the body was complete. */
  public boolean drain(long limit) throws IOException {
    if (done) {
      return true;
    }
    byte[] scratch = new byte[(int) Math.max(1, Math.min(8192, limit))];
    long left = limit;
    while (!done && left > 0) {
      int n = read(scratch, 0, (int) Math.min(scratch.length, left));
      if (n < 0) {
        break;
      }
      left -= n;
    }
    return done;
  }

  /** The body for a message with these headers (a response to HEAD or a bodyless status has none). */
  public static BodyInputStream of(WireInput in, HttpHeaders headers, boolean isResponse)
      throws HttpProtocolException {
    if (headers.isChunked()) {
      return new Chunked(in);
    }
    if (headers.contains("Transfer-Encoding")) {
      if (!isResponse) {
        throw new HttpProtocolException("unsupported Transfer-Encoding: " + headers.first("Transfer-Encoding"));
      }
      return new UntilClose(in);
    }
    long length = headers.contentLength();
    if (length >= 0) {
      return new Fixed(in, length);
    }
    // A request without a length has no body; a response without one runs until the peer closes.
    return isResponse ? new UntilClose(in) : new Fixed(in, 0);
  }

  public static BodyInputStream empty(WireInput in) {
    return new Fixed(in, 0);
  }

  /** A body of a length given by Content-Length. */
  public static final class Fixed extends BodyInputStream {
    private long remaining;

    Fixed(WireInput in, long length) {
      super(in);
      this.remaining = length;
      this.done = length == 0;
    }

    /**
     * Largest body read whole into an array of exactly its length; a longer one grows as it arrives,
     * so a peer's Content-Length alone cannot make us allocate much.
     */
    private static final long EXACT_READ_ALL_LIMIT = 1024 * 1024;

    @Override
    long knownRemaining() {
      return remaining;
    }

    /** Reads the rest into an array of exactly that size, not through 16 KB of scratch. */
    @Override
    public byte[] readAllBytes() throws IOException {
      if (remaining > EXACT_READ_ALL_LIMIT) {
        return super.readAllBytes();
      }
      byte[] all = new byte[(int) remaining];
      int off = 0;
      while (off < all.length) {
        off += read(all, off, all.length - off); // a short body throws EOFException
      }
      done = true;
      return all;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (remaining == 0) {
        done = true;
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n < 0) {
        throw new EOFException("connection closed with " + remaining + " body bytes still to come");
      }
      remaining -= n;
      if (remaining == 0) {
        done = true;
      }
      return n;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(in.available(), remaining);
    }
  }

  /** A body in chunked transfer coding; trailer fields are read and dropped. */
  public static final class Chunked extends BodyInputStream {
    private static final int LINE_LIMIT = 8 * 1024;
    /** All trailer fields together, as for a message head. */
    private static final int TRAILER_LIMIT = HttpWire.DEFAULT_HEAD_LIMIT;
    private long chunkLeft;
    private boolean inChunk;

    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    Chunked(WireInput in) {
      super(in);
    }

    @Override
    public boolean endsHere() {
      return done || (!inChunk && in.buffersPrefix(LAST_CHUNK));
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (done) {
        return -1;
      }
      if (len == 0) {
        return 0; // without waiting for the next chunk header
      }
      if (!inChunk) {
        if (!nextChunk()) {
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, chunkLeft));
      if (n < 0) {
        throw new EOFException("connection closed in the middle of a chunk");
      }
      chunkLeft -= n;
      if (chunkLeft == 0) {
        String crlf = in.readLine(LINE_LIMIT, LINE_LIMIT);
        if (crlf == null) {
          throw new EOFException("connection closed after a chunk, before its CRLF");
        }
        if (!crlf.isEmpty()) {
          throw new HttpProtocolException("chunk not followed by CRLF");
        }
        inChunk = false;
      }
      return n;
    }

    private boolean nextChunk() throws IOException {
      String line = in.readLine(LINE_LIMIT, LINE_LIMIT);
      if (line == null) {
        throw new EOFException("connection closed before the last chunk");
      }
      long size = chunkSize(line);
      if (size == 0) {
        int budget = TRAILER_LIMIT;
        String trailer;
        do { // trailer fields end with an empty line
          trailer = in.readLine(Math.min(budget, LINE_LIMIT), TRAILER_LIMIT);
          if (trailer == null) {
            throw new EOFException("connection closed in the trailer fields of a chunked body");
          }
          budget -= trailer.length() + 2;
          if (budget <= 0) {
            throw new HttpProtocolException.HeadTooLarge(TRAILER_LIMIT);
          }
        } while (!trailer.isEmpty());
        done = true;
        return false;
      }
      chunkLeft = size;
      inChunk = true;
      return true;
    }

    /**
     * The size in a chunk header {@code 1*HEXDIG [BWS ";" ext]}. Strict: {@code Long.parseLong}
     * would also take a sign, which a peer could use to smuggle a different framing past a proxy.
     */
    private static long chunkSize(String line) throws HttpProtocolException {
      int endOfSize = line.indexOf(';');
      if (endOfSize < 0) {
        endOfSize = line.length();
      }
      while (endOfSize > 0 && (line.charAt(endOfSize - 1) == ' ' || line.charAt(endOfSize - 1) == '\t')) {
        endOfSize--;
      }
      if (endOfSize == 0) {
        throw new HttpProtocolException("malformed chunk size: " + line);
      }
      long size = 0;
      for (int i = 0; i < endOfSize; i++) {
        int digit = Character.digit(line.charAt(i), 16);
        if (digit < 0 || line.charAt(i) > 'f') {
          throw new HttpProtocolException("malformed chunk size: " + line);
        }
        if (size > (Long.MAX_VALUE >> 4)) {
          throw new HttpProtocolException("chunk size too large: " + line);
        }
        size = (size << 4) | digit;
      }
      return size;
    }

    @Override
    public int available() throws IOException {
      return inChunk ? (int) Math.min(in.available(), chunkLeft) : 0;
    }
  }

  /** A response body delimited by the peer closing the connection. */
  public static final class UntilClose extends BodyInputStream {
    UntilClose(WireInput in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (done) {
        return -1;
      }
      int n = in.read(b, off, len);
      if (n < 0) {
        done = true;
      }
      return n;
    }
  }
}
