package io.hearth.bench.scenario;

import io.hearth.bench.load.Call;
import io.hearth.bench.load.Endpoint;
import io.hearth.bench.load.Guard;
import io.hearth.bench.load.WireConnection;
import java.io.IOException;
import java.time.Duration;

/** One call on a connection of its own, for samples (cold calls, bursts); cut after a timeout. */
final class OneCall {
  /** Longer than any cold start plus a call; the node itself gives up on a start after 10 s. */
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private OneCall() {}

  /** Sends the call; throws when it does not answer 200 within the timeout. */
  static void send(Endpoint endpoint, Call call) throws IOException {
    try (WireConnection c = WireConnection.open(endpoint); Guard ignored = Guard.abortAfter(c, TIMEOUT)) {
      int status = c.exchange(call);
      if (status != 200) {
        throw new IOException("status " + status + " from " + endpoint);
      }
    }
  }
}
