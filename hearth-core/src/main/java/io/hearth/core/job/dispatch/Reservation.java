package io.hearth.core.job.dispatch;

import java.time.Instant;
import java.util.Objects;

/**
 * Room held on one node for a job that has waited too long at the head of the queue: jobs behind it
 * in the order may not take what it needs there until it starts. A pass returns the reservation it
 * holds and takes the previous pass's back, so the room stays on the same node while it drains.
 *
 * @param jobId  the job waiting
 * @param nodeId the node whose room is held for it
 * @param since  when the reservation was first made
 */
public record Reservation(String jobId, String nodeId, Instant since) {
  public Reservation {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(since, "since");
  }
}
