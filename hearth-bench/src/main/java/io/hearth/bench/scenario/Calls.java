package io.hearth.bench.scenario;

import io.hearth.bench.load.Call;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The requests of the benchmarks: testfn's {@code echo} command with a small payload, sent to
 * Hearth's invoke endpoint, or straight to a container as the agent would send it (the same body,
 * the headers the agent adds: Fn-Call-Id and Fn-Deadline).
 */
final class Calls {
  /** A deadline far away: the direct calls carry one as Hearth's do. */
  private static final String DEADLINE = "2099-01-01T00:00:00.000Z";
  private static final String CALL_ID = "01BENCH0000000000000000000";

  private Calls() {}

  static byte[] echo(int payloadBytes) {
    byte[] payload = new byte[payloadBytes];
    Arrays.fill(payload, (byte) 'x');
    byte[] cmd = "echo\n".getBytes(StandardCharsets.US_ASCII);
    byte[] body = Arrays.copyOf(cmd, cmd.length + payload.length);
    System.arraycopy(payload, 0, body, cmd.length, payload.length);
    return body;
  }

  static Call hearth(String fnId, byte[] body) {
    return Call.post("/invoke/" + fnId, Map.of("Content-Type", "text/plain"), body);
  }

  static Call direct(byte[] body) {
    return Call.post("/call", Map.of("Content-Type", "text/plain", "Fn-Call-Id", CALL_ID, "Fn-Deadline", DEADLINE),
        body);
  }
}
