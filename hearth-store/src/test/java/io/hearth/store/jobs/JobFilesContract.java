package io.hearth.store.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.core.job.JobState;
import io.hearth.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The job store's suite with what attempts leave behind (their log and output tar): kept per
 * attempt, replaced by a second keep, bounded, refused for an attempt that is not there, and gone
 * with the job. The store tests implement this one, which runs the whole {@link JobStoreContract}.
 */
public interface JobFilesContract extends JobStoreContract {

  @Test
  default void anAttemptKeepsItsLogAndOutputApartFromTheOthers() {
    JobRow j = in(JobState.RUNNING);
    byte[] log = "hello\nworld\n".getBytes(StandardCharsets.UTF_8);
    byte[] tar = new byte[70_000];
    for (int i = 0; i < tar.length; i++) {
      tar[i] = (byte) (i * 31);
    }
    assertThat(store().log(j.id(), 1)).isEmpty();
    assertThat(store().output(j.id(), 1)).isEmpty();
    store().keepFiles(j.id(), 1, log, tar);
    assertThat(store().log(j.id(), 1)).hasValueSatisfying(b -> assertThat(b).isEqualTo(log));
    assertThat(store().output(j.id(), 1)).hasValueSatisfying(b -> assertThat(b).isEqualTo(tar));

    assertThat(store().retry(j.id(), "d1", 1, "node lost", T0.plusSeconds(4))).isEqualTo(applied(JobState.QUEUED));
    assertThat(store().lock(j.id(), "d1")).isEqualTo(applied(JobState.LOCKED));
    assertThat(store().start(j.id(), "d1", "m1", AttemptRow.running(j.id(), 2, "n2", "n2.a", "x", T0.plusSeconds(5))))
        .isEqualTo(applied(JobState.RUNNING));
    assertThat(store().log(j.id(), 2)).as("attempt 2 kept nothing yet").isEmpty();
    store().keepFiles(j.id(), 2, new byte[0], null);
    assertThat(store().log(j.id(), 2)).hasValueSatisfying(b -> assertThat(b).isEmpty());
    assertThat(store().output(j.id(), 2)).as("no output kept (e.g. over the bound)").isEmpty();
    assertThat(store().output(j.id(), 1)).hasValueSatisfying(b -> assertThat(b).isEqualTo(tar));

    byte[] again = "again".getBytes(StandardCharsets.UTF_8);
    store().keepFiles(j.id(), 1, again, null);
    assertThat(store().log(j.id(), 1)).hasValueSatisfying(b -> assertThat(b).isEqualTo(again));
    assertThat(store().output(j.id(), 1)).as("a second keep replaces the first").isEmpty();
  }

  @Test
  default void filesAreKeptOnlyForAnAttemptThatIsThereAndWithinTheBounds() {
    JobRow queued = in(JobState.QUEUED);
    assertThatThrownBy(() -> store().keepFiles(queued.id(), 1, new byte[1], null))
        .isInstanceOf(StoreException.NotFound.class).hasMessageContaining("no attempt 1");
    assertThatThrownBy(() -> store().keepFiles(fx().id(), 1, new byte[1], null))
        .isInstanceOf(StoreException.NotFound.class);
    JobRow j = in(JobState.RUNNING);
    assertThatThrownBy(() -> store().keepFiles(j.id(), 1, new byte[JobStore.MAX_LOG_BYTES + 1], null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tail");
    assertThat(store().log(j.id(), 1)).isEmpty();
    assertThat(store().log(j.id(), 7)).isEmpty();
  }

  @Test
  default void keptFilesGoWithTheirJob() {
    JobRow j = in(JobState.COMPLETE);
    byte[] log = new byte[] {1, 2, 3};
    store().keepFiles(j.id(), 1, log, log);
    assertThat(store().deleteFinished(T0.plusSeconds(4), 100)).isEqualTo(1);
    assertThat(store().log(j.id(), 1)).isEmpty();
    assertThat(store().output(j.id(), 1)).isEmpty();
    assertThat(Arrays.equals(log, new byte[] {1, 2, 3})).as("the caller's array untouched").isTrue();
  }
}
