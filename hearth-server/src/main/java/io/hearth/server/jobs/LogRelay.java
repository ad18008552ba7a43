package io.hearth.server.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.protocol.LeaseExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The reply handed to the allocs API for a running attempt's exec log: a 200 is passed on to the
 * job's own reply as it is written (each flush on at once, so a follower sees lines as they come)
 * and counted; an error answer is kept here instead, so that the jobs API can answer from the store
 * or with its own message. Closing what the allocs API wrote to does not end the job's reply: the
 * store may add the end of the log ({@link #finish}); {@link #close} ends it. Used by one thread.
 */
final class LogRelay implements LeaseExchange.Reply {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ERROR_BYTES = 64 * 1024;
  /** The last bytes relayed, kept to check that the store's log lines up with them before adding its end. */
  private static final int TAIL = 4096;

  private final LeaseExchange.Reply target;
  private final String type;
  private OutputStream out;
  private long relayed;
  private int status;
  private final ByteArrayOutputStream error = new ByteArrayOutputStream();
  private final byte[] tail = new byte[TAIL]; // a ring: byte i of the relay is at i % TAIL

  LogRelay(LeaseExchange.Reply target, String type) {
    this.target = target;
    this.type = type;
  }

  @Override
  public OutputStream open(int status, String contentType) throws IOException {
    this.status = status;
    if (status != 200) {
      return new Bounded(error);
    }
    out = target.open(200, type);
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
        tail[(int) (relayed++ % TAIL)] = (byte) b;
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        for (int i = Math.max(0, len - TAIL); i < len; i++) {
          tail[(int) ((relayed + i) % TAIL)] = b[off + i];
        }
        relayed += len;
      }

      @Override
      public void flush() throws IOException {
        out.flush();
      }

      @Override
      public void close() throws IOException {
        out.flush(); // the job's reply goes on: see finish and close
      }
    };
  }

  /** Whether the allocs API answered 200 (and the job's reply is open). */
  boolean opened() {
    return out != null;
  }

  /** The allocs API's status (0 if it answered nothing). */
  int status() {
    return status;
  }

  /** The allocs API's error message, or what it answered. */
  String errorMessage() {
    byte[] body = error.toByteArray();
    try {
      JsonNode n = JSON.readTree(body);
      if (n != null && n.hasNonNull("message")) {
        return n.get("message").asText() + " (" + status + ")";
      }
    } catch (IOException e) {
      // not JSON: say it as it is
    }
    String text = new String(body, StandardCharsets.UTF_8).strip();
    return (text.isEmpty() ? "no message" : text) + " (" + status + ")";
  }

  /**
   * Adds what {@code kept} (the log the store kept) holds beyond what was relayed, when it lines
   * up: the store keeps the exec's log from its start unless the log outgrew the dispatcher's
   * bound, and then it keeps only the tail, whose offsets are not the relay's; so the end is added
   * only when the kept bytes just before it are the last ones relayed (up to {@value #TAIL} compared).
   */
  void finish(byte[] kept) throws IOException {
    if (kept.length <= relayed || !linesUp(kept)) {
      return;
    }
    out.write(Arrays.copyOfRange(kept, (int) relayed, kept.length));
    relayed = kept.length;
  }

  private boolean linesUp(byte[] kept) {
    int n = (int) Math.min(TAIL, relayed);
    for (int i = 1; i <= n; i++) {
      if (kept[(int) (relayed - i)] != tail[(int) ((relayed - i) % TAIL)]) {
        return false;
      }
    }
    return true;
  }

  /** Ends the job's reply. */
  void close() throws IOException {
    if (out != null) {
      out.close();
    }
  }

  /** Keeps at most {@link #MAX_ERROR_BYTES} of an error answer. */
  private static final class Bounded extends OutputStream {
    private final ByteArrayOutputStream into;

    Bounded(ByteArrayOutputStream into) {
      this.into = into;
    }

    @Override
    public void write(int b) {
      if (into.size() < MAX_ERROR_BYTES) {
        into.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      into.write(b, off, Math.max(0, Math.min(len, MAX_ERROR_BYTES - into.size())));
    }
  }
}
