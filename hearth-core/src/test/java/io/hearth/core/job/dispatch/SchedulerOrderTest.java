package io.hearth.core.job.dispatch;

import static io.hearth.core.job.dispatch.Jobs.T0;
import static io.hearth.core.job.dispatch.Jobs.job;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SchedulerOrderTest {
  @Test
  void runningThenLockedThenPriorityDescendingThenFirstSeenThenId() {
    List<QueuedJob> expected = List.of(
        job("r-high", 900, 1, 60).lockedBy("d2").runningOn("n", T0),
        job("r-low", 1, 1, 50).lockedBy("d1").runningOn("n", T0),
        job("l-high", 900, 1, 90).lockedBy("d1"),
        job("l-low", 2, 1, 10).lockedBy("d2"),
        job("q-1000", 1000, 1, 99),
        job("q-500-seen-early", 500, 1, 5),
        job("q-500-seen-late-a", 500, 1, 7),
        job("q-500-seen-late-b", 500, 1, 7),
        job("q-1", 1, 1, 0));
    for (long seed = 0; seed < 20; seed++) {
      List<QueuedJob> shuffled = new ArrayList<>(expected);
      Collections.shuffle(shuffled, new Random(seed));
      assertThat(shuffled.stream().sorted(SchedulerOrder.ORDER).map(QueuedJob::id))
          .containsExactlyElementsOf(expected.stream().map(QueuedJob::id).toList());
    }
  }

  @Test
  void firstSeenBreaksTiesBetweenEqualsBeforeTheId() {
    // the id alone would put a-second first; the one seen first goes first
    QueuedJob a = job("b-first", 500, 1, 1);
    QueuedJob b = job("a-second", 500, 1, 2);
    assertThat(SchedulerOrder.ORDER.compare(a, b)).isNegative();
    assertThat(SchedulerOrder.ORDER.compare(b, a)).isPositive();
    assertThat(SchedulerOrder.ORDER.compare(a.lockedBy("d1"), b.lockedBy("d2"))).isNegative();
  }
}
