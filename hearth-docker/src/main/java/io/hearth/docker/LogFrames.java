package io.hearth.docker;

import io.hearth.uds.BufferPool;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads the engine's multiplexed stream of a container without a TTY ({@code /containers/{id}/logs},
 * attach): frames of an 8-byte header (stream type, three zero bytes, big-endian payload length)
 * followed by the payload. Stateless.
 */
public final class LogFrames {
  public static final int STDIN = 0;
  public static final int STDOUT = 1;
  public static final int STDERR = 2;
  /** Frames larger than this are malformed input, not logs (the engine sends at most 32 KiB or a line). */
  private static final int MAX_FRAME = 16 * 1024 * 1024;

  private LogFrames() {}

  /**
   * One frame.
   *
   * @param stream  {@link #STDOUT} or {@link #STDERR} ({@link #STDIN} when attached to stdin)
   * @param payload the bytes of the frame
   */
  public record Frame(int stream, byte[] payload) {}

  /** The next frame, or null at the end of the stream. */
  public static Frame next(InputStream in) throws IOException {
    byte[] header = new byte[8];
    if (!readHeader(in, header)) {
      return null;
    }
    int length = length(header);
    byte[] payload = in.readNBytes(length);
    if (payload.length < length) {
      throw new EOFException("log stream ended inside a frame");
    }
    return new Frame(header[0] & 0xFF, payload);
  }

  /**
   * Delivers every frame to {@code listener} until the end of the stream, without allocating per
   * frame: the header is read into {@code header} (at least 8 bytes), and the payload into a buffer
   * borrowed from {@code buffers} for the frame and given back after it, so a stream that waits for
   * its next frame holds no buffer meanwhile; a frame larger than a buffer arrives as several
   * consecutive pieces of the same stream. The listener must copy what it keeps: the buffer goes
   * to the next borrower.
   *
   * @return bytes of payload delivered
   */
  public static long copy(InputStream in, byte[] header, BufferPool buffers, OutputListener listener)
      throws IOException {
    if (header.length < 8) {
      throw new IllegalArgumentException("header buffer must hold a frame header (8 bytes)");
    }
    long total = 0;
    while (readHeader(in, header)) {
      int stream = header[0] & 0xFF;
      int left = length(header);
      if (left == 0) {
        continue;
      }
      byte[] scratch = buffers.take();
      try {
        while (left > 0) {
          int n = in.read(scratch, 0, Math.min(left, scratch.length));
          if (n < 0) {
            throw new EOFException("log stream ended inside a frame");
          }
          listener.output(stream, scratch, 0, n);
          left -= n;
          total += n;
        }
      } finally {
        buffers.release(scratch);
      }
    }
    return total;
  }

  /** Reads a header into {@code header[0..8)}; false at a clean end of the stream. */
  private static boolean readHeader(InputStream in, byte[] header) throws IOException {
    int n = in.readNBytes(header, 0, 8);
    if (n == 0) {
      return false;
    }
    if (n < 8) {
      throw new EOFException("log stream ended inside a frame header");
    }
    int stream = header[0] & 0xFF;
    if (stream > STDERR || header[1] != 0 || header[2] != 0 || header[3] != 0) {
      throw new IOException("not a multiplexed log stream (header " + hex(header, 8)
          + "); was the container created with a TTY?");
    }
    return true;
  }

  private static int length(byte[] header) throws IOException {
    long length = ((header[4] & 0xFFL) << 24) | ((header[5] & 0xFF) << 16) | ((header[6] & 0xFF) << 8)
        | (header[7] & 0xFF);
    if (length > MAX_FRAME) {
      throw new IOException("log frame of " + length + " bytes is larger than " + MAX_FRAME);
    }
    return (int) length;
  }

  /** Copies every frame to {@code stdout} or {@code stderr} until the end of the stream. */
  public static void demux(InputStream in, OutputStream stdout, OutputStream stderr) throws IOException {
    Frame f;
    while ((f = next(in)) != null) {
      (f.stream() == STDERR ? stderr : stdout).write(f.payload());
    }
  }

  private static String hex(byte[] b, int length) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      sb.append(String.format("%02x", b[i] & 0xFF));
    }
    return sb.toString();
  }
}
