package io.hearth.lb;

import io.hearth.protocol.RunnerProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A call's request body, held by the lb whole until a runner commits to the call: a runner that
 * refuses may have been sent some of it, and the next runner needs all of it. Once a runner has
 * committed, each chunk is let go as soon as it is sent.
 *
 * <p>Threads: the attempt's sender (its call thread, or its body pump) sends and lets go; the lb's
 * call thread releases. Guarded by {@code this}.
 */
final class RequestBody {
  private final byte[][] chunks;
  private final long length;
  private boolean released;
  private int sent;

  private RequestBody(byte[][] chunks, long length) {
    this.chunks = chunks;
    this.length = length;
  }

  /** Thrown when the body is longer than the limit. */
  static final class TooLarge extends IOException {
    TooLarge() {
      super("request body too large");
    }
  }

  /**
   * Reads the whole body in chunks of {@link RunnerProtocol#CHUNK} bytes.
   *
   * @param limit largest body accepted, 0 for none
   * @throws TooLarge    when it is longer than {@code limit}
   * @throws IOException when the client's stream fails
   */
  static RequestBody read(InputStream in, long limit) throws IOException {
    List<byte[]> chunks = new ArrayList<>();
    long total = 0;
    while (true) {
      byte[] chunk = in.readNBytes(RunnerProtocol.CHUNK);
      if (chunk.length == 0) {
        break;
      }
      total += chunk.length;
      if (limit > 0 && total > limit) {
        throw new TooLarge();
      }
      chunks.add(chunk);
      if (chunk.length < RunnerProtocol.CHUNK) {
        break;
      }
    }
    return new RequestBody(chunks.toArray(new byte[0][]), total);
  }

  static RequestBody of(byte[] bytes) throws IOException {
    return read(new java.io.ByteArrayInputStream(bytes), 0);
  }

  long length() {
    return length;
  }

  int chunks() {
    return chunks.length;
  }

  /** Chunk {@code i}, or null when it was let go (a runner committed and it was sent). */
  synchronized byte[] chunk(int i) {
    return chunks[i];
  }

  /** Chunk {@code i} was sent: let it go when a runner has committed. */
  synchronized void sent(int i) {
    sent = Math.max(sent, i + 1);
    if (released) {
      chunks[i] = null;
    }
  }

  /** A runner committed: let go of what has been sent, and of the rest as it is sent. */
  synchronized void release() {
    released = true;
    for (int i = 0; i < sent; i++) {
      chunks[i] = null;
    }
  }
}
