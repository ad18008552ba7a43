package io.hearth.store.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.core.job.JobState;
import io.hearth.core.job.Priority;
import io.hearth.store.Cursor;
import io.hearth.store.TimeCursor;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QueueOrderTest {

  @Test
  void ranksPutRunningThenLockedThenQueuedEachByPriorityDescending() {
    int last = -1;
    for (JobState s : new JobState[] {JobState.RUNNING, JobState.LOCKED, JobState.QUEUED}) {
      for (int p = Priority.MAX; p >= Priority.MIN; p--) {
        int rank = QueueOrder.rank(s, Priority.of(p));
        assertThat(rank).as(s.wire() + " at " + p).isEqualTo(last + 1);
        last = rank;
      }
    }
    assertThat(QueueOrder.rank(JobState.COMPLETE, Priority.of(1000))).isNull();
    assertThat(QueueOrder.rank(JobState.CANCELLED, Priority.of(1000))).isNull();
  }

  @Test
  void aKeyRoundTripsAndOtherCursorsAreRefused() {
    QueueOrder.Key key = new QueueOrder.Key(2502, Instant.parse("2024-05-06T09:00:00.123Z"), "01J-x");
    assertThat(QueueOrder.Key.decode(key.encode())).isEqualTo(key);
    for (String other : new String[] {TimeCursor.encode(Instant.EPOCH, "x"), Cursor.encode("q12", "x"),
        Cursor.encode("qa.1", "x"), Cursor.encode("q1.2", null), "not base64!"}) {
      assertThatThrownBy(() -> QueueOrder.Key.decode(other)).as(other).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("next_cursor");
    }
  }
}
