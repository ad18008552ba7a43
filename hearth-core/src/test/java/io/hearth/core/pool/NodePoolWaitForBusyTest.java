package io.hearth.core.pool;

import static io.hearth.core.pool.NodePoolTest.MB;
import static io.hearth.core.pool.NodePoolTest.only;
import static io.hearth.core.pool.NodePoolTest.slot;
import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.ledger.Resources;
import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 4 (second half), with {@link PoolConfig#waitForBusy} on: a waiting call starts a
 * container only when no busy container of its slot is expected to free sooner than a new one
 * could start, by the slot's measured start and call times ({@link LaunchEstimates}).
 */
class NodePoolWaitForBusyTest {
  private final Instant t0 = Instant.parse("2026-12-03T10:00:00Z");
  private final SlotKey a = slot("a", 128, 30);

  private static NodePool pool(boolean waitForBusy) {
    return new NodePool(new PoolConfig(new Resources(64L * 1024 * MB, 0), FreezePolicy.never(), Duration.ofSeconds(30),
        false, 0, waitForBusy), new LruEviction(), KeepAlivePolicy.fixedPerFunction());
  }

  /** One container of {@code a}, measured once: a 2 s start, then one call of {@code call}; it is idle after. */
  private long measured(NodePool p, Duration call) {
    long c = only(p.submit(1, a, t0), Action.Launch.class).getFirst().container();
    p.ready(c, t0.plusSeconds(2));
    p.finished(c, true, t0.plusSeconds(2).plus(call));
    return c;
  }

  @Test
  void aShortCallWaitsForTheBusyContainerInsteadOfStartingOne() {
    NodePool p = pool(true);
    long c = measured(p, Duration.ofMillis(500));
    Instant busyAt = t0.plusSeconds(10);
    assertThat(only(p.submit(2, a, busyAt), Action.Assign.class)).hasSize(1);
    assertThat(only(p.submit(3, a, busyAt.plusMillis(100)), Action.Launch.class))
        .as("the busy container is due in 0.4 s, a start takes 2 s").isEmpty();
    p.checkInvariants();
    assertThat(only(p.finished(c, true, busyAt.plusMillis(500)), Action.Assign.class)).singleElement()
        .extracting(Action.Assign::call).isEqualTo(3L);
    assertThat(p.snapshot().coldStarts()).isEqualTo(1);
    p.checkInvariants();
  }

  @Test
  void aLongCallDoesNotHoldTheWaitingOneBack() {
    NodePool p = pool(true);
    measured(p, Duration.ofSeconds(10));
    Instant busyAt = t0.plusSeconds(20);
    p.submit(2, a, busyAt);
    assertThat(only(p.submit(3, a, busyAt.plusMillis(100)), Action.Launch.class))
        .as("the busy container is due in 9.9 s, a start takes 2 s").hasSize(1);
    p.checkInvariants();
  }

  @Test
  void offEveryCallNoStartServesStartsOne() {
    NodePool p = pool(false);
    measured(p, Duration.ofMillis(500));
    Instant busyAt = t0.plusSeconds(10);
    p.submit(2, a, busyAt);
    assertThat(only(p.submit(3, a, busyAt.plusMillis(100)), Action.Launch.class)).hasSize(1);
  }

  @Test
  void aColdSlotWithoutMeasuresStartsAContainerPerCall() {
    NodePool p = pool(true);
    assertThat(only(p.submit(1, a, t0), Action.Launch.class)).hasSize(1);
    assertThat(only(p.submit(2, a, t0), Action.Launch.class)).hasSize(1);
  }

  /**
   * A call held back for a busy container that was expected to free in 0.4 s, and is still busy
   * past then, is looked at again at that time: the pool's deadline says when, and the tick then
   * starts the call's own container.
   */
  @Test
  void aCallHeldBackForABusyContainerThatStaysBusyStartsItsOwnWhenThatContainerWasDue() {
    NodePool p = pool(true);
    measured(p, Duration.ofMillis(500));
    Instant busyAt = t0.plusSeconds(10);
    p.submit(2, a, busyAt);
    assertThat(only(p.submit(3, a, busyAt.plusMillis(100)), Action.Launch.class)).isEmpty();
    Instant due = busyAt.plusMillis(500);
    assertThat(p.nextDeadline()).as("the pool looks again when the busy container was due").isPresent()
        .get().matches(d -> !d.isAfter(due), "no later than " + due);
    p.checkInvariants();
    assertThat(only(p.tick(due.minusMillis(1)), Action.Launch.class)).as("not yet due").isEmpty();
    assertThat(only(p.tick(due), Action.Launch.class)).as("the busy container is late: call 3 starts its own")
        .hasSize(1);
    p.checkInvariants();
  }
}
