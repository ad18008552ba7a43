package io.hearth.server.jobs.dispatch;

import io.hearth.client.LeaseKeeper;
import java.time.Instant;

/**
 * One attempt of a job in this dispatcher's hands, from the moment its alloc is taken until the
 * alloc is freed: starting (its exec being started), running (watched by each pass) or finishing
 * (its log and output being kept). Its mutable fields are guarded by the {@link JobShell}'s monitor.
 */
final class Attempt {
  /**
   * UNSURE: its start's outcome is unknown (the node stopped answering while the exec was being
   * started, so its container may be running): the job stays locked and the lease kept until a free
   * of the alloc succeeds (the node answered; whatever ran in it is killed) or the lease is lost.
   */
  enum Phase { STARTING, UNSURE, RUNNING, FINISHING }

  final String jobId;
  final int attempt;
  final String nodeId;
  final String instanceType;
  final String allocId;
  final Instant takenAt;

  Phase phase = Phase.STARTING;
  String execId;
  /** Why its start's outcome is unknown (UNSURE). */
  String unsure;
  /** Why its lease was lost, once its keeper said so. */
  String lost;
  LeaseKeeper keeper;

  Attempt(String jobId, int attempt, String nodeId, String instanceType, String allocId, Instant takenAt) {
    this.jobId = jobId;
    this.attempt = attempt;
    this.nodeId = nodeId;
    this.instanceType = instanceType;
    this.allocId = allocId;
    this.takenAt = takenAt;
  }

  /** Stops renewing its lease (the alloc itself is freed by whoever ends the attempt). */
  void stopKeeping() {
    if (keeper != null) {
      keeper.close();
      keeper = null;
    }
  }

  @Override
  public String toString() {
    return "attempt " + attempt + " of job " + jobId + " in alloc " + allocId + " (" + phase + ")";
  }
}
