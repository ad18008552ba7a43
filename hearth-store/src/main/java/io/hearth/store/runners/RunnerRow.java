package io.hearth.store.runners;

import java.time.Instant;
import java.util.Objects;

/**
 * A runner node as registered in the datastore.
 *
 * @param id          the runner's node id
 * @param address     {@code host:port} where lbs reach its gRPC server
 * @param seq         its place in the order runners joined; kept across its restarts
 * @param draining    it is stopping: it finishes its calls and takes no new ones
 * @param joinedAt    its first registration
 * @param heartbeatAt its last heartbeat, by its own clock
 */
public record RunnerRow(String id, String address, long seq, boolean draining, Instant joinedAt, Instant heartbeatAt) {
  public RunnerRow {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(joinedAt, "joinedAt");
    Objects.requireNonNull(heartbeatAt, "heartbeatAt");
  }
}
