package io.hearth.server.jobs.dispatch;

import io.hearth.core.job.dispatch.Constraints;
import io.hearth.core.job.dispatch.QueuedJob;
import io.hearth.store.jobs.JobRow;
import java.time.Duration;

/** A job of the store as the pure pass sees it. Pure. */
final class JobViews {
  /** The label naming the job on its alloc and exec. */
  static final String JOB_LABEL = "io.hearth.job";
  /** The label naming the attempt on its alloc and exec. */
  static final String ATTEMPT_LABEL = "io.hearth.attempt";

  /** The label naming the node class on a job's alloc (what a restarted dispatcher records it ran on). */
  static final String TYPE_LABEL = "io.hearth.instance_type";

  private JobViews() {}

  /**
   * {@code job} (not final) as a pass's queue entry; its scratch need is its {@code scratch_bytes}
   * and {@code outputRoom} more, as its {@code /out} is part of its alloc's scratch directory.
   */
  static QueuedJob of(JobRow job, long outputRoom) {
    var c = job.constraints();
    QueuedJob.State state = switch (job.state()) {
      case QUEUED -> QueuedJob.State.QUEUED;
      case LOCKED -> QueuedJob.State.LOCKED;
      case RUNNING -> QueuedJob.State.RUNNING;
      default -> throw new IllegalArgumentException("job " + job.id() + " is " + job.state().wire() + ": not in the queue");
    };
    boolean running = state == QueuedJob.State.RUNNING;
    return new QueuedJob(job.id(), job.attempt(), job.scheduling().maxAttempts(), job.priority().value(),
        new Constraints(c.vcpus(), c.ramBytes(), Math.addExact(c.scratchBytes(), outputRoom), c.gpus()), job.scheduling().preemptible(),
        Duration.ofSeconds(job.scheduling().maxRunTimeSecs()), state, job.firstSeenAt(), job.lockedBy(),
        job.lockCount(), running ? job.nodeId() : null, running ? job.startedAt() : null);
  }
}
