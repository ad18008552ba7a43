package io.hearth.uds;

import java.io.IOException;
import java.io.InputStream;

/**
 * A message body read from a connection. Reading it to its end leaves the connection at the start
 * of the next message; {@link #close()} does not close the connection.
 */
public abstract sealed class BodyInputStream extends InputStream
    permits BodyInputStream.Fixed, BodyInputStream.Chunked, BodyInputStream.UntilClose {

  protected final WireInput in;
  protected boolean done;

  BodyInputStream(WireInput in) {
    this.in = in;
  }

  /** Whether the whole body has been read. */
  public boolean isComplete() {
    return done;
  }

  /** Whether, once complete, the connection can carry another message. */
  public boolean leavesConnectionReusable() {
    return !(this instanceof UntilClose);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  /** Reads and drops up to {@code limit} remaining bytes; returns whether the body was complete. */
  public boolean drain(long limit) throws IOException {
    byte[] scratch = new byte[8192];
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

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining == 0) {
        done = true;
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n < 0) {
        throw new java.io.EOFException("connection closed with " + remaining + " body bytes still to come");
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
    private long chunkLeft;
    private boolean inChunk;

    Chunked(WireInput in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (!inChunk) {
        if (!nextChunk()) {
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, chunkLeft));
      if (n < 0) {
        throw new java.io.EOFException("connection closed in the middle of a chunk");
      }
      chunkLeft -= n;
      if (chunkLeft == 0) {
        String crlf = in.readLine(LINE_LIMIT, LINE_LIMIT);
        if (crlf == null || !crlf.isEmpty()) {
          throw new HttpProtocolException("chunk not followed by CRLF");
        }
        inChunk = false;
      }
      return n;
    }

    private boolean nextChunk() throws IOException {
      String line = in.readLine(LINE_LIMIT, LINE_LIMIT);
      if (line == null) {
        throw new java.io.EOFException("connection closed before the last chunk");
      }
      int semi = line.indexOf(';');
      String hex = (semi >= 0 ? line.substring(0, semi) : line).strip();
      long size;
      try {
        size = Long.parseLong(hex, 16);
      } catch (NumberFormatException e) {
        throw new HttpProtocolException("malformed chunk size: " + hex);
      }
      if (size < 0) {
        throw new HttpProtocolException("negative chunk size");
      }
      if (size == 0) {
        String trailer;
        do { // trailer fields end with an empty line
          trailer = in.readLine(LINE_LIMIT, LINE_LIMIT);
        } while (trailer != null && !trailer.isEmpty());
        done = true;
        return false;
      }
      chunkLeft = size;
      inChunk = true;
      return true;
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
