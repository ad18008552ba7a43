package io.hearth.store.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.core.job.AttemptState;
import io.hearth.core.job.Constraints;
import io.hearth.core.job.JobState;
import io.hearth.core.job.Priority;
import io.hearth.core.job.Refused;
import io.hearth.core.job.RuntimeStatus;
import io.hearth.core.job.Scheduling;
import io.hearth.store.Fixtures;
import io.hearth.store.Page;
import io.hearth.store.StoreException;
import io.hearth.store.TimeCursor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the job store's contracts share: the store under test, ids, the clock's origin, jobs to
 * store and bring to a state through the store's own changes, and a clean store after each test.
 */
public interface JobStoreContractFixture {

  /** The store under test; null when its database is not there (the test is skipped). */
  JobStore store();

  Fixtures fx();

  Instant T0 = Instant.parse("2024-05-06T09:00:00.000Z");
  Instant FAR = Instant.parse("9000-01-01T00:00:00Z");

  @AfterEach
  default void deleteJobs() {
    if (store() == null) {
      return;
    }
    for (int round = 0; round < 100; round++) {
      Page<JobRow> page = store().schedulerOrder(1000, null);
      page.items().forEach(j -> store().cancel(j.id(), null, T0));
      if (page.items().isEmpty()) {
        break;
      }
    }
    while (store().deleteFinished(FAR, 1000) > 0) {
      // until none is left
    }
  }

  default JobRow job(Priority priority, Instant created, Map<String, String> labels) {
    return JobRow.queued(fx().id(), "job-" + fx().id(), "busybox:1.36", List.of("sh", "-c", "echo hi > /out/x"),
        Map.of("A", "1"), priority, new Constraints(2, 1L << 30, 10L << 30, 0), Scheduling.DEFAULT, labels, created);
  }

  default JobRow queued() {
    JobRow j = job(Priority.DEFAULT_PRIORITY, T0, Map.of());
    store().insert(j);
    return j;
  }

  default JobRow row(String id) {
    return store().get(id).orElseThrow();
  }

  default JobChange applied(JobState state) {
    return new JobChange.Applied(state);
  }

  /** A job brought to {@code state} through the store's own changes, by dispatcher "d1". */
  default JobRow in(JobState state) {
    JobRow j = queued();
    if (state == JobState.QUEUED) {
      return j;
    }
    if (state == JobState.CANCELLED) {
      assertThat(store().cancel(j.id(), "no longer wanted", T0.plusSeconds(1))).isEqualTo(applied(state));
      return row(j.id());
    }
    assertThat(store().lock(j.id(), "d1")).isEqualTo(applied(JobState.LOCKED));
    if (state != JobState.LOCKED) {
      assertThat(store().start(j.id(), "d1", "m1.small",
          AttemptRow.running(j.id(), 1, "runner-1", "runner-1.a1", "x1", T0.plusSeconds(2))))
          .isEqualTo(applied(JobState.RUNNING));
      if (state == JobState.COMPLETE) {
        assertThat(store().complete(j.id(), "d1", 1, 0, T0.plusSeconds(3))).isEqualTo(applied(state));
      }
    }
    return row(j.id());
  }
}
