package io.hearth.agent;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Routes one container's stdout and stderr to the call it is serving. The container's output
 * follower feeds {@link #accept}; the agent opens a {@link Capture} when a call starts and ends it
 * when the call ends. Bytes written during a call go to that call's capture, bounded by the limit
 * (beyond it they are counted and replaced by a {@code ... truncated N bytes} marker); bytes
 * written outside calls (start-up, between calls) go to the container's own {@link #tail}: its last
 * few KiB, kept so that a container that fails to start or dies between calls can be diagnosed
 * (the tail is made at its first byte and grows by doubling up to its bound, so a container that
 * writes nothing outside calls holds none).
 * Both streams are kept interleaved, in the order they arrived, as {@code docker logs} shows them.
 *
 * <p>Output reaches the agent through the engine and can trail the function's response by a
 * little; output arriving within {@code linger} after a call ended still goes to that call, unless
 * another call began. Read a capture's {@link Capture#bytes()} at least {@code linger} after
 * {@link Capture#end()} to see such trailing output.
 *
 * <p>Threads: {@link #accept} runs on the container's follower thread, the rest on the agents'
 * call threads. One lock guards every mutable field here and in the captures ({@code current},
 * {@code lingering}, {@code endedAt}, the tail ring, each capture's buffer and counters); each
 * section under it is a copy or a few assignments. Time comes from the injected nano ticker.
 */
public final class CallLog {
  /** Fn's default bound of one call's log ({@code FN_MAX_LOG_SIZE_BYTES}). */
  public static final int DEFAULT_LIMIT = 1 << 20;
  /** Room for a stack trace or two of a container that fails at start-up, per container. */
  public static final int DEFAULT_TAIL = 16 * 1024;
  /**
   * A fifth of calls' output reaches the agent after their response, by up to a few ms (500 calls
   * on a 2-CPU node at load 8: p99 2.4 ms, max 4.6 ms; CallLogIntegrationTest prints it); 50 ms
   * leaves room for a busier node, and the next call beginning ends the linger anyway.
   */
  public static final Duration DEFAULT_LINGER = Duration.ofMillis(50);
  /** First buffer of a capture that receives output; it doubles up to the limit. */
  private static final int FIRST_BUFFER = 4096;
  /** First size of the tail: a start-up line or two; it doubles up to {@code tailBytes}. */
  private static final int FIRST_TAIL = 1024;

  private final int limit;
  private final long lingerNanos;
  private final LongSupplier nanoTime;
  private final ReentrantLock lock = new ReentrantLock();
  private final int tailBytes;
  private byte[] ring; // the tail; null until the first byte outside calls, and when tailBytes is 0
  private long ringWritten; // bytes ever written outside calls (to the ring when there is one)
  private Capture current;
  private Capture lingering;
  private long endedAt;

  /**
   * @param limit     bytes kept per call
   * @param tailBytes bytes of output outside calls kept, 0 for none
   * @param linger    how long after a call ended its output is still taken as the call's
   * @param nanoTime  a monotonic ticker (a {@code Clock}'s {@code nanoTime})
   */
  public CallLog(int limit, int tailBytes, Duration linger, LongSupplier nanoTime) {
    if (limit < 0 || tailBytes < 0 || linger.isNegative()) {
      throw new IllegalArgumentException("log limit, tail and linger must not be negative");
    }
    this.limit = limit;
    this.tailBytes = tailBytes;
    this.lingerNanos = linger.toNanos();
    this.nanoTime = nanoTime;
  }

  /** Fn's bound per call, a 16 KiB tail and a 50 ms linger, on the system ticker. */
  public static CallLog withDefaults(LongSupplier nanoTime) {
    return new CallLog(DEFAULT_LIMIT, DEFAULT_TAIL, DEFAULT_LINGER, nanoTime);
  }

  /**
   * A call starts on the container: its output goes to the returned capture from now on. A
   * capture still open (a call that was never ended) is ended first.
   */
  public Capture begin(String callId) {
    Capture c = new Capture(callId);
    lock.lock();
    try {
      current = c;
      lingering = null;
      return c;
    } finally {
      lock.unlock();
    }
  }

  /**
   * A piece of the container's output ({@code stream} 1 stdout, 2 stderr: both kept alike).
   * Copies the bytes; {@code buffer} may be reused by the caller afterwards.
   */
  public void accept(int stream, byte[] buffer, int offset, int length) {
    lock.lock();
    try {
      Capture to = current;
      if (to == null && lingering != null) {
        if (nanoTime.getAsLong() - endedAt <= lingerNanos) {
          to = lingering;
        } else {
          lingering = null;
        }
      }
      if (to != null) {
        to.append(buffer, offset, length);
      } else if (tailBytes > 0) {
        appendToRing(buffer, offset, length);
      } else {
        ringWritten += length;
      }
    } finally {
      lock.unlock();
    }
  }

  /** The last bytes the container wrote outside calls, oldest first (a copy). */
  public byte[] tail() {
    lock.lock();
    try {
      if (ring == null) {
        return new byte[0];
      }
      int n = (int) Math.min(ringWritten, ring.length);
      int start = (int) ((ringWritten - n) % ring.length);
      byte[] out = new byte[n];
      int first = Math.min(n, ring.length - start);
      System.arraycopy(ring, start, out, 0, first);
      System.arraycopy(ring, 0, out, first, n - first);
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** The tail's size now: 0 before the first byte outside calls, then up to {@code tailBytes}; for tests. */
  int tailCapacity() {
    lock.lock();
    try {
      return ring == null ? 0 : ring.length;
    } finally {
      lock.unlock();
    }
  }

  /** Bytes the container wrote outside calls, kept or not. */
  public long outsideCallsBytes() {
    lock.lock();
    try {
      return ringWritten;
    } finally {
      lock.unlock();
    }
  }

  private void appendToRing(byte[] b, int off, int len) {
    growRing(len);
    int n = Math.min(len, ring.length); // of a piece longer than the ring, only its end can stay
    int skip = len - n;
    ringWritten += skip;
    int pos = (int) (ringWritten % ring.length);
    int first = Math.min(n, ring.length - pos);
    System.arraycopy(b, off + skip, ring, pos, first);
    System.arraycopy(b, off + skip + first, ring, 0, n - first);
    ringWritten += n;
  }

  /**
   * Makes room for {@code len} more bytes while the ring has never wrapped (its bytes are then
   * {@code ring[0, ringWritten)}, at the same places in a larger ring): doubles it, up to {@code
   * tailBytes}. A ring at its bound stays and wraps.
   */
  private void growRing(int len) {
    if (ring != null && (ring.length == tailBytes || ringWritten + len <= ring.length)) {
      return;
    }
    long want = Math.max(ringWritten + len, ring == null ? FIRST_TAIL : 2L * ring.length);
    int size = (int) Math.min(tailBytes, want);
    ring = ring == null ? new byte[size] : Arrays.copyOf(ring, size);
  }

  /**
   * The output of one call. Made by {@link #begin}; {@link #end()} once when the call ends.
   * Guarded by the log's lock.
   */
  public final class Capture {
    private final String callId;
    private byte[] buffer; // made on the first byte
    private int size;
    private long written;

    private Capture(String callId) {
      this.callId = callId;
    }

    public String callId() {
      return callId;
    }

    /** The call ended: output from now on goes to this capture only for the linger. Idempotent. */
    public void end() {
      lock.lock();
      try {
        if (current == this) {
          current = null;
          lingering = this;
          endedAt = nanoTime.getAsLong();
        }
      } finally {
        lock.unlock();
      }
    }

    private void append(byte[] b, int off, int len) {
      written += len;
      int keep = Math.min(len, limit - size);
      if (keep <= 0) {
        return;
      }
      if (buffer == null || buffer.length - size < keep) {
        int want = Math.max(size + keep, buffer == null ? FIRST_BUFFER : buffer.length * 2);
        buffer = buffer == null ? new byte[Math.min(want, limit)] : Arrays.copyOf(buffer, Math.min(want, limit));
      }
      System.arraycopy(b, off, buffer, size, keep);
      size += keep;
    }

    /** Bytes the call wrote, kept or not. */
    public long writtenBytes() {
      lock.lock();
      try {
        return written;
      } finally {
        lock.unlock();
      }
    }

    /** Bytes the call wrote beyond the limit, not kept. */
    public long truncatedBytes() {
      lock.lock();
      try {
        return written - size;
      } finally {
        lock.unlock();
      }
    }

    /**
     * The call's output so far (a copy): at most the limit, then, when more was written, a line
     * {@code ... truncated N bytes} (on a line of its own, so the log can exceed the limit by
     * that line's length).
     */
    public byte[] bytes() {
      lock.lock();
      try {
        byte[] kept = buffer == null ? new byte[0] : Arrays.copyOf(buffer, size);
        long truncated = written - size;
        if (truncated == 0) {
          return kept;
        }
        String marker = (size > 0 && kept[size - 1] != '\n' ? "\n" : "") + "... truncated " + truncated + " bytes\n";
        byte[] m = marker.getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(kept, size + m.length);
        System.arraycopy(m, 0, out, size, m.length);
        return out;
      } finally {
        lock.unlock();
      }
    }

    /** {@link #bytes()} as UTF-8 text. */
    public String text() {
      return new String(bytes(), StandardCharsets.UTF_8);
    }
  }
}
