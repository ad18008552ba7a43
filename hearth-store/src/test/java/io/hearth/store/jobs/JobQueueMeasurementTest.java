package io.hearth.store.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.job.Constraints;
import io.hearth.core.job.JobState;
import io.hearth.core.job.Priority;
import io.hearth.core.job.Scheduling;
import io.hearth.store.Fixtures;
import io.hearth.store.Page;
import io.hearth.store.TestDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Measures the scheduler order on PostgreSQL with {@value #JOBS} queued jobs of random priorities
 * (inserted in batches of {@value #BATCH}): the first page of 100, a page 50,000 deep, a lock, and
 * the query plan. Prints figures; asserts only the order. Run with {@code -Dhearth.measure=true}
 * ({@code -Dhearth.measure.jobs=N}).
 */
@EnabledIfSystemProperty(named = "hearth.measure", matches = "true")
class JobQueueMeasurementTest {

  static final int JOBS = Integer.getInteger("hearth.measure.jobs", 100_000);
  static final int BATCH = 1000;
  static final int SAMPLES = 50;

  @RegisterExtension static final TestDatabase DB = TestDatabase.postgres();

  @Test
  void schedulerOrderAtAHundredThousandQueuedJobs() throws Exception {
    JdbcJobStore store = new JdbcJobStore(DB.database());
    Fixtures fx = new Fixtures();
    Random random = new Random(12);
    Instant t0 = Instant.parse("2024-05-06T09:00:00Z");
    long insertStart = System.nanoTime();
    for (int from = 0; from < JOBS; from += BATCH) {
      List<JobRow> batch = new ArrayList<>();
      for (int i = from; i < Math.min(JOBS, from + BATCH); i++) {
        batch.add(JobRow.queued(fx.id(), "m" + i, "busybox", List.of("true"), Map.of(),
            Priority.of(random.nextInt(1001)), Constraints.DEFAULT, Scheduling.DEFAULT, Map.of(),
            t0.plusMillis(i)));
      }
      DB.database().inTransaction(c -> {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (" + JobColumns.ALL + ") VALUES ("
            + "?, ".repeat(29) + "?)")) {
          for (JobRow j : batch) {
            JobColumns.bindAll(ps, j);
            ps.addBatch();
          }
          ps.executeBatch();
        }
        return null;
      }, e -> null);
    }
    double insertSecs = (System.nanoTime() - insertStart) / 1e9;
    DB.database().run(c -> c.createStatement().execute("ANALYZE jobs"));

    long[] first = new long[SAMPLES];
    long[] deep = new long[SAMPLES];
    String deepCursor = null;
    Page<JobRow> p = null;
    for (int i = 0; i < 500; i++) { // 500 pages of 100: 50,000 deep
      p = store.schedulerOrder(100, p == null ? null : p.nextCursor());
    }
    deepCursor = p.nextCursor();
    for (int i = 0; i < SAMPLES; i++) {
      long a = System.nanoTime();
      Page<JobRow> page = store.schedulerOrder(100, null);
      long b = System.nanoTime();
      store.schedulerOrder(100, deepCursor);
      long c = System.nanoTime();
      first[i] = b - a;
      deep[i] = c - b;
      assertThat(page.items()).hasSize(100);
      assertThat(page.items()).isSortedAccordingTo(QueueOrder.ORDER);
    }
    JobRow head = store.schedulerOrder(1, null).items().getFirst();
    long lockStart = System.nanoTime();
    assertThat(store.lock(head.id(), "measure")).isEqualTo(new JobChange.Applied(JobState.LOCKED));
    long lockNanos = System.nanoTime() - lockStart;
    List<String> plan = DB.database().run(c -> {
      List<String> lines = new ArrayList<>();
      try (ResultSet r = c.createStatement().executeQuery("EXPLAIN SELECT " + JobColumns.ALL
          + " FROM jobs WHERE queue_rank IS NOT NULL ORDER BY queue_rank, first_seen_at, id LIMIT 100")) {
        while (r.next()) {
          lines.add(r.getString(1));
        }
      }
      return lines;
    });
    System.out.printf("%d queued jobs inserted in %.1f s (batches of %d)%n", JOBS, insertSecs, BATCH);
    System.out.printf("schedulerOrder(100), first page: %s%n", stats(first));
    System.out.printf("schedulerOrder(100), 50,000 deep: %s%n", stats(deep));
    System.out.printf("lock of the head: %.2f ms%nplan: %s%n", lockNanos / 1e6, String.join(" | ", plan));
  }

  private static String stats(long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    return String.format("median %.2f ms, p90 %.2f ms, max %.2f ms over %d", s[s.length / 2] / 1e6,
        s[(int) (s.length * 0.9)] / 1e6, s[s.length - 1] / 1e6, s.length);
  }
}
