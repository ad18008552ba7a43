package io.hearth.store.jobs;

import io.hearth.core.job.JobState;
import io.hearth.store.ListQuery;
import io.hearth.store.Page;
import io.hearth.store.TimeCursor;
import java.util.Map;

/**
 * Which jobs to list, newest first (creation time, then id).
 *
 * @param state   only jobs in this state, or null
 * @param labels  only jobs with every one of these labels (key and value), or empty
 * @param name    only jobs of this name, or null (an empty string counts as null)
 * @param cursor  the {@link Page#nextCursor()} of the previous page, or null
 * @param perPage clamped to 1..{@value ListQuery#MAX_PER_PAGE}
 * @throws IllegalArgumentException if the cursor was not issued by a job list
 */
public record JobQuery(JobState state, Map<String, String> labels, String name, String cursor, int perPage) {

  public JobQuery {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    name = name == null || name.isEmpty() ? null : name;
    cursor = cursor == null || cursor.isEmpty() ? null : cursor;
    perPage = Math.clamp(perPage, 1, ListQuery.MAX_PER_PAGE);
    if (cursor != null) {
      TimeCursor.decode(cursor);
    }
  }

  public static JobQuery first(int perPage) {
    return new JobQuery(null, Map.of(), null, null, perPage);
  }

  public JobQuery next(Page<?> page) {
    if (page.nextCursor() == null) {
      throw new IllegalStateException("the page has no next cursor");
    }
    return new JobQuery(state, labels, name, page.nextCursor(), perPage);
  }

  public static String cursorOf(JobRow last) {
    return TimeCursor.encode(last.createdAt(), last.id());
  }

  public TimeCursor after() {
    return cursor == null ? null : TimeCursor.decode(cursor);
  }
}
