package io.hearth.runner;

import io.hearth.protocol.FromRunner;
import io.hearth.protocol.RunnerProtocol;
import io.hearth.protocol.StreamSender;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A response body written by the agent, sent as {@link FromRunner.ResponseChunk}s of up to
 * {@link RunnerProtocol#CHUNK} bytes, each waiting for the lb to be ready for it. Used by the one
 * thread running the call.
 */
final class ChunkOutput extends OutputStream {
  private final StreamSender<FromRunner> sender;
  private final byte[] buffer = new byte[RunnerProtocol.CHUNK];
  private int size;

  ChunkOutput(StreamSender<FromRunner> sender) {
    this.sender = sender;
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
      if (size == buffer.length) {
        flush();
      }
      int n = Math.min(len, buffer.length - size);
      System.arraycopy(b, off, buffer, size, n);
      size += n;
      off += n;
      len -= n;
    }
  }

  @Override
  public void flush() throws IOException {
    if (size > 0) {
      byte[] chunk = Arrays.copyOf(buffer, size);
      size = 0;
      sender.sendWhenReady(new FromRunner.ResponseChunk(chunk));
    }
  }

  @Override
  public void close() throws IOException {
    flush();
  }
}
