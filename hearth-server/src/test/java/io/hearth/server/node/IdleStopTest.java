package io.hearth.server.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.status.NodeStatus;
import io.hearth.core.time.Scheduler;
import io.hearth.testkit.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class IdleStopTest {
  private static final Instant T0 = ManualClock.DEFAULT_START;
  private static final IdleStop.Look IDLE = new IdleStop.Look(false, Optional.empty());
  private static final IdleStop.Look BUSY = new IdleStop.Look(true, Optional.empty());
  /** The test looks itself: the watch's own next looks are never run. */
  private static final Scheduler NEVER = (delay, task) -> () -> { };

  @Test
  void idlenessStartsAtTheFirstIdleLookAndABusyOneStartsItOver() {
    Optional<Instant> since = IdleStop.idleSince(Optional.empty(), IDLE, T0);
    assertThat(since).contains(T0);
    since = IdleStop.idleSince(since, IDLE, T0.plusSeconds(5));
    assertThat(since).as("still idle since the first look").contains(T0);
    since = IdleStop.idleSince(since, BUSY, T0.plusSeconds(6));
    assertThat(since).isEmpty();
    assertThat(IdleStop.idleSince(since, IDLE, T0.plusSeconds(7))).contains(T0.plusSeconds(7));
  }

  @Test
  void itStopsOnceIdleForTheThresholdAndNotBefore() {
    Duration threshold = Duration.ofSeconds(30);
    assertThat(IdleStop.shouldStop(Optional.of(T0), T0.plusSeconds(29), threshold)).isFalse();
    assertThat(IdleStop.shouldStop(Optional.of(T0), T0.plusSeconds(30), threshold)).isTrue();
    assertThat(IdleStop.shouldStop(Optional.of(T0), T0.plusSeconds(90), threshold)).isTrue();
    assertThat(IdleStop.shouldStop(Optional.empty(), T0.plusSeconds(90), threshold)).as("busy").isFalse();
  }

  @Test
  void theNodeReportsSecondsIdleOrItsLongestLease() {
    assertThat(IdleStop.idleness(Optional.of(T0), IDLE, T0.plusMillis(12_900)))
        .isEqualTo(new NodeStatus.Idleness(12, 0));
    IdleStop.Look leased = new IdleStop.Look(true, Optional.of(T0.plusSeconds(118)));
    assertThat(IdleStop.idleness(Optional.empty(), leased, T0)).isEqualTo(new NodeStatus.Idleness(-1, 118));
  }

  @Test
  void theWatchFiresOnceWhenIdleLongEnoughOnTheManualClock() {
    ManualClock clock = new ManualClock();
    AtomicReference<IdleStop.Look> now = new AtomicReference<>(BUSY);
    AtomicInteger fired = new AtomicInteger();
    IdleWatch watch = new IdleWatch(clock, NEVER, Duration.ofSeconds(1), now::get, Optional.of(Duration.ofSeconds(2)),
        fired::incrementAndGet);
    watch.look();
    assertThat(watch.idleness().idleSecs()).isEqualTo(-1);
    now.set(IDLE);
    clock.advance(Duration.ofSeconds(1));
    watch.look(); // idle since here
    clock.advance(Duration.ofSeconds(1));
    watch.look();
    assertThat(fired).hasValue(0);
    assertThat(watch.idleness().idleSecs()).isEqualTo(1);
    now.set(BUSY); // a call came: the count starts over
    clock.advance(Duration.ofSeconds(1));
    watch.look();
    now.set(IDLE);
    clock.advance(Duration.ofSeconds(1));
    watch.look();
    clock.advance(Duration.ofSeconds(1));
    watch.look();
    assertThat(fired).hasValue(0);
    clock.advance(Duration.ofSeconds(1));
    watch.look();
    assertThat(fired).hasValue(1);
    clock.advance(Duration.ofSeconds(1));
    watch.look();
    assertThat(fired).as("once").hasValue(1);
  }

  @Test
  void withoutAThresholdTheWatchOnlyReports() {
    ManualClock clock = new ManualClock();
    AtomicInteger fired = new AtomicInteger();
    IdleWatch watch = new IdleWatch(clock, NEVER, Duration.ofSeconds(1), () -> IDLE, Optional.empty(),
        fired::incrementAndGet);
    watch.look();
    clock.advance(Duration.ofHours(5));
    watch.look();
    assertThat(fired).hasValue(0);
    assertThat(watch.idleness().idleSecs()).isEqualTo(5 * 3600);
  }

  @Test
  void aLookThatFailsCountsAsBusy() {
    ManualClock clock = new ManualClock();
    AtomicInteger fired = new AtomicInteger();
    IdleWatch watch = new IdleWatch(clock, NEVER, Duration.ofSeconds(1), () -> {
      throw new IllegalStateException("the datastore is down");
    }, Optional.of(Duration.ZERO), fired::incrementAndGet);
    watch.look();
    assertThat(fired).hasValue(0);
    assertThat(watch.idleness().idleSecs()).isEqualTo(-1);
  }
}
