package io.hearth.core.pool;

import static io.hearth.core.pool.NodePoolTest.MB;
import static io.hearth.core.pool.NodePoolTest.only;
import static io.hearth.core.pool.NodePoolTest.slot;
import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.ledger.Resources;
import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 4 (start storms): at most {@link PoolConfig#maxStarting} containers start at once
 * for calls; the calls over the bound wait for a start to end (or, non-blocking, are refused), and
 * a burst on a cold function starts far fewer containers than calls.
 */
class NodePoolStartBoundTest {
  private final Instant now = Instant.parse("2026-12-03T10:00:00Z");

  private static NodePool pool(int maxStarting, boolean nonBlocking) {
    return new NodePool(new PoolConfig(new Resources(64L * 1024 * MB, 0), FreezePolicy.never(), Duration.ofSeconds(30),
        nonBlocking, maxStarting), new LruEviction(), KeepAlivePolicy.fixedPerFunction());
  }

  @Test
  void aBurstOnAColdFunctionStartsNoMoreThanTheBoundAtOnce() {
    NodePool p = pool(4, false);
    SlotKey a = slot("a", 128, 30);
    List<Long> launched = new ArrayList<>();
    for (long call = 1; call <= 50; call++) {
      only(p.submit(call, a, now), Action.Launch.class).forEach(l -> launched.add(l.container()));
      p.checkInvariants();
    }
    assertThat(launched).hasSize(4);
    assertThat(p.snapshot().waiting()).isEqualTo(50);
    // one start ends: its call is assigned, and one more start may begin
    List<Action> ready = p.ready(launched.getFirst(), now.plusSeconds(1));
    assertThat(only(ready, Action.Assign.class)).hasSize(1);
    assertThat(only(ready, Action.Launch.class)).hasSize(1);
    p.checkInvariants();
  }

  @Test
  void theBoundCountsStartsOfEveryFunction() {
    NodePool p = pool(2, false);
    assertThat(only(p.submit(1, slot("a", 128, 30), now), Action.Launch.class)).hasSize(1);
    assertThat(only(p.submit(2, slot("b", 128, 30), now), Action.Launch.class)).hasSize(1);
    assertThat(only(p.submit(3, slot("c", 128, 30), now), Action.Launch.class)).as("over the bound").isEmpty();
    p.checkInvariants();
  }

  @Test
  void aNonBlockingNodeRefusesWhatTheBoundHoldsBack() {
    NodePool p = pool(1, true);
    SlotKey a = slot("a", 128, 30);
    assertThat(only(p.submit(1, a, now), Action.Launch.class)).hasSize(1);
    List<Action> second = p.submit(2, a, now);
    assertThat(only(second, Action.Reject.class)).singleElement()
        .extracting(Action.Reject::reason).isEqualTo(Action.Rejection.TOO_BUSY);
    p.checkInvariants();
  }

  @Test
  void noBoundIsTheOldBehaviour() {
    NodePool p = pool(0, false);
    SlotKey a = slot("a", 128, 30);
    int launches = 0;
    for (long call = 1; call <= 50; call++) {
      launches += only(p.submit(call, a, now), Action.Launch.class).size();
    }
    assertThat(launches).isEqualTo(50);
  }
}
