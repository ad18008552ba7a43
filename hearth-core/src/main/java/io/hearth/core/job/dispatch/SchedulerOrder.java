package io.hearth.core.job.dispatch;

import java.util.Comparator;

/**
 * The dispatcher's order of the queue, as SEMANTICS.md A says: running jobs first, then locked, then
 * queued; within each, priority descending, then first seen ascending — not created — so two equals
 * keep their order across passes and a dispatcher does not lock and unlock them in turn — then id,
 * so the order is total. {@code GET /v2/jobs?order=scheduler} answers in this order.
 */
public final class SchedulerOrder {
  public static final Comparator<QueuedJob> ORDER = Comparator.<QueuedJob>comparingInt(j -> switch (j.state()) {
    case RUNNING -> 0;
    case LOCKED -> 1;
    case QUEUED -> 2;
  }).thenComparingInt(j -> -j.priority())
      .thenComparing(QueuedJob::firstSeenAt)
      .thenComparing(QueuedJob::id);

  private SchedulerOrder() {}
}
