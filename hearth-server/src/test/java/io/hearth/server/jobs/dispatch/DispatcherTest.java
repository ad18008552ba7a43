package io.hearth.server.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.job.Constraints;
import io.hearth.core.job.JobState;
import io.hearth.core.job.Priority;
import io.hearth.core.job.Scheduling;
import io.hearth.core.job.dispatch.DispatchSettings;
import io.hearth.core.job.dispatch.NodeClasses;
import io.hearth.core.ledger.Resources;
import io.hearth.core.time.Clock;
import io.hearth.core.time.TimerThread;
import io.hearth.store.jobs.DispatcherLock;
import io.hearth.store.jobs.JobRow;
import io.hearth.store.jobs.JobSignals;
import io.hearth.testkit.store.InMemoryJobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's thread: it acts only while it holds the dispatcher lock (asking again every
 * pass), a signal wakes it before its timer, and losing the lock lets its attempts go without
 * killing them. Real time, with a timer far longer than any wait here, so only the signal can
 * explain a quick pass; every wait is bounded and generous.
 */
class DispatcherTest {
  static final Resources CAP = new Resources(8L << 30, 4000, Map.of(Resources.DISK, 100L << 30, Resources.GPU, 0L));
  /** Longer than any wait below: a pass that comes sooner was woken by a signal. */
  static final Duration TIMER = Duration.ofMinutes(10);

  final InMemoryJobStore store = new InMemoryJobStore();
  final FakeJobNodes nodes = new FakeJobNodes(Clock.system()).node("n1", NodeClasses.ALL_IN_ONE, CAP);
  final AtomicBoolean holds = new AtomicBoolean();
  final AtomicInteger asked = new AtomicInteger();
  final Signals signals = new Signals();

  /** Signals a test fires by hand. */
  static final class Signals implements JobSignals {
    volatile Runnable listener = () -> { };

    @Override
    public AutoCloseable subscribe(Runnable onChange) {
      listener = onChange;
      return () -> listener = () -> { };
    }

    void fire() {
      listener.run();
    }

    @Override
    public void close() {}
  }

  final DispatcherLock lock = new DispatcherLock() {
    @Override
    public boolean tryHold() {
      asked.incrementAndGet();
      return holds.get();
    }

    @Override
    public void close() {}
  };

  Dispatcher start(TimerThread timer) {
    DispatcherSettings s = new DispatcherSettings(
        DispatchSettings.defaults("hearth-dispatcher/n1", NodeClasses.allInOne(CAP), 0), TIMER,
        Duration.ofSeconds(60), Duration.ofMinutes(1), 1 << 20, 1 << 20, 1000);
    return Dispatcher.start(s, store, nodes, signals, lock, Clock.system(), timer);
  }

  JobRow submit() {
    JobRow j = JobRow.queued("j" + System.nanoTime(), null, "img", List.of("true"), Map.of(), Priority.DEFAULT_PRIORITY,
        new Constraints(1, 256L << 20, 0, 0), Scheduling.DEFAULT, Map.of(), Instant.now());
    store.insert(j);
    return j;
  }

  @Test
  void itActsOnlyWhileItHoldsTheLockAndASignalWakesIt() throws Exception {
    try (TimerThread timer = TimerThread.start("dispatcher-test"); Dispatcher d = start(timer)) {
      JobRow j = submit();
      int before = asked.get();
      signals.fire();
      await(() -> asked.get() > before, "the dispatcher asks for the lock again when signalled");
      assertThat(store.get(j.id()).orElseThrow().state()).as("no lock held: nothing done").isEqualTo(JobState.QUEUED);

      holds.set(true);
      signals.fire();
      await(() -> store.get(j.id()).orElseThrow().state() == JobState.RUNNING, "the job runs once the lock is held");

      holds.set(false);
      int now = asked.get();
      signals.fire();
      await(() -> asked.get() > now, "the dispatcher notices it lost the lock");
      assertThat(store.get(j.id()).orElseThrow().state()).as("let go, not killed").isEqualTo(JobState.RUNNING);
      assertThat(nodes.live()).hasSize(1);
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    Instant until = Instant.now().plusSeconds(30);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(until)) {
        throw new AssertionError("not within 30 s: " + what);
      }
      Thread.sleep(10);
    }
  }
}
