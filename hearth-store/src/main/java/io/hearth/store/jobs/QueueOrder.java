package io.hearth.store.jobs;

import io.hearth.core.job.JobState;
import io.hearth.core.job.Priority;
import io.hearth.store.Cursor;
import java.time.Instant;
import java.util.Comparator;

/**
 * The scheduler order of SEMANTICS.md A as one number, the {@code queue_rank} column of V5:
 * running, then locked, then queued, each by priority descending; null for complete and cancelled
 * jobs, which are not in the queue. Ties are broken by first seen, then id. A page of it ends at a
 * {@link Key}, encoded as a {@link Cursor} whose name starts with {@code q}.
 */
public final class QueueOrder {

  /** The ranks a state's jobs span: one per priority. */
  static final int SPAN = Priority.MAX + 1;

  private QueueOrder() {}

  /** The base of a state's ranks (the rank is {@code base + MAX - priority}), or null when final. */
  static Integer base(JobState state) {
    return switch (state) {
      case RUNNING -> 0;
      case LOCKED -> SPAN;
      case QUEUED -> 2 * SPAN;
      case COMPLETE, CANCELLED -> null;
    };
  }

  /** The {@code queue_rank} of a job, or null when it is final. */
  public static Integer rank(JobState state, Priority priority) {
    Integer base = base(state);
    return base == null ? null : base + Priority.MAX - priority.value();
  }

  /** Scheduler order over jobs in the queue. */
  public static final Comparator<JobRow> ORDER = Comparator
      .comparing((JobRow j) -> rank(j.state(), j.priority()))
      .thenComparing(JobRow::firstSeenAt)
      .thenComparing(JobRow::id);

  /** Where a page in scheduler order ended. */
  public record Key(int rank, Instant firstSeenAt, String id) {

    public static Key of(JobRow job) {
      return new Key(QueueOrder.rank(job.state(), job.priority()), job.firstSeenAt(), job.id());
    }

    public String encode() {
      return Cursor.encode("q" + rank + "." + firstSeenAt.toEpochMilli(), id);
    }

    /** @throws IllegalArgumentException when the cursor was not issued by a scheduler-order page */
    public static Key decode(String cursor) {
      Cursor c = Cursor.decode(cursor);
      try {
        int dot = c.name().indexOf('.');
        if (!c.name().startsWith("q") || dot < 0 || c.id() == null) {
          throw new NumberFormatException("not a queue cursor");
        }
        return new Key(Integer.parseInt(c.name().substring(1, dot)),
            Instant.ofEpochMilli(Long.parseLong(c.name().substring(dot + 1))), c.id());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "Invalid cursor: pass the next_cursor of the previous page in scheduler order unchanged", e);
      }
    }

    /** Whether a job in the queue comes after this key in scheduler order. */
    public boolean precedes(JobRow job) {
      int r = Integer.compare(QueueOrder.rank(job.state(), job.priority()), rank);
      if (r == 0) {
        r = job.firstSeenAt().compareTo(firstSeenAt);
      }
      if (r == 0) {
        r = job.id().compareTo(id);
      }
      return r > 0;
    }
  }
}
