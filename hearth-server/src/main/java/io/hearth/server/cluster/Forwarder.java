package io.hearth.server.cluster;

import io.hearth.lb.LeaseCall;
import io.hearth.protocol.LeaseExchange;
import io.hearth.store.runners.RunnerRow;
import java.io.IOException;
import java.time.Duration;

/**
 * Sends one allocs API request to a runner and writes its answer to a reply: over the runner
 * protocol in a cluster ({@link GrpcForwarder}), in process in tests. Thread-safe.
 */
interface Forwarder extends AutoCloseable {

  /**
   * @param deadline longest wait for the runner to start answering; then it is unreachable
   * @throws IOException when the answer broke off after it started, or writing it failed
   */
  LeaseCall.Outcome forward(RunnerRow runner, LeaseExchange.Request request, Duration deadline,
      LeaseExchange.Reply reply) throws IOException;

  @Override
  void close();
}
