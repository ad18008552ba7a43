package io.hearth.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.ledger.Resources;
import io.hearth.testkit.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The keeper on a manual clock against a scripted server: when it renews, backs off, gives up. */
class LeaseKeeperTest {
  private static final String ID = "node-1.a1";
  private static final Duration TWO_MINUTES = Duration.ofMinutes(2);

  private final ManualClock clock = new ManualClock();
  private final Instant t0 = clock.instant();
  private final FakeServer server = new FakeServer();
  private final List<LeaseLost> lost = new ArrayList<>();
  private final List<Granted> renewed = new ArrayList<>();
  private double unit = 0.5; // the jitter's random number: 0.5 is the nominal wait

  /** Answers keepalives from a script (a grant of N seconds, or a failure), then grants what is asked. */
  private final class FakeServer implements Keepalives {
    final Deque<Object> script = new ArrayDeque<>();
    final List<Duration> callTimes = new ArrayList<>();
    Duration serverAhead = Duration.ZERO;

    FakeServer grant(Duration d) {
      script.add(d);
      return this;
    }

    FakeServer fail(int status, int times) {
      for (int i = 0; i < times; i++) {
        script.add(new ApiException(status, status == 410 ? "alloc expired" : "busy"));
      }
      return this;
    }

    @Override
    public Granted keepalive(String allocId, Duration interval) {
      assertThat(allocId).isEqualTo(ID);
      callTimes.add(Duration.between(t0, clock.instant()));
      Object next = script.isEmpty() ? interval : script.poll();
      if (next instanceof ApiException e) {
        throw e;
      }
      Duration d = (Duration) next;
      return new Granted(d, clock.instant().plus(serverAhead).plus(d));
    }
  }

  /** Io work waits here until the test runs it: a request "in flight" is one not yet run. */
  private final Deque<Runnable> io = new ArrayDeque<>();
  private boolean queueIo;

  private void runIo() {
    while (!io.isEmpty()) {
      io.poll().run();
    }
  }

  private LeaseKeeper hold(Duration firstLease, Duration interval) {
    RandomGenerator random = new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new UnsupportedOperationException("the keeper draws doubles");
      }

      @Override
      public double nextDouble() {
        return unit;
      }
    };
    var wiring = new LeaseKeeper.Wiring(server, clock, clock, task -> {
      if (queueIo) {
        io.add(task);
      } else {
        task.run();
      }
    }, random);
    return LeaseKeeper.hold(wiring, ID, interval, firstLease, new LeaseKeeper.Listener() {
      @Override
      public void lost(LeaseLost why) {
        lost.add(why);
      }

      @Override
      public void renewed(String allocId, Granted granted) {
        renewed.add(granted);
      }
    });
  }

  private static Duration s(double seconds) {
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  @Test
  void renewsThirtySecondsBeforeEachGrantEnds() {
    LeaseKeeper k = hold(TWO_MINUTES, TWO_MINUTES);
    clock.advance(s(89.999));
    assertThat(server.callTimes).isEmpty();
    clock.advance(s(0.001));
    assertThat(server.callTimes).containsExactly(s(90));
    assertThat(k.expiresAt()).isEqualTo(t0.plus(s(210)));
    assertThat(renewed).hasSize(1);
    clock.advance(Duration.ofMinutes(10));
    assertThat(server.callTimes).containsExactly(s(90), s(180), s(270), s(360), s(450), s(540), s(630));
    assertThat(lost).isEmpty();
    assertThat(k.state()).isEqualTo(LeaseKeeper.State.HOLDING);
  }

  @Test
  void followsTheGrantTheServerGaveNotTheIntervalAsked() {
    server.grant(Duration.ofMinutes(5)).grant(Duration.ofSeconds(60));
    hold(TWO_MINUTES, Duration.ofMinutes(10));
    clock.advance(s(90 + 270 + 30));
    assertThat(server.callTimes).containsExactly(s(90), s(360), s(390));
  }

  @Test
  void aShortLeaseIsRenewedHalfwayThroughNotAtOnce() {
    hold(Duration.ofSeconds(20), Duration.ofSeconds(20));
    clock.advance(s(45));
    assertThat(server.callTimes).containsExactly(s(10), s(20), s(30), s(40));
    assertThat(lost).isEmpty();
  }

  @Test
  void failuresBackOffByHalfAgainEachTimeAndFiveFailedTriesLoseTheLease() {
    server.fail(503, 5);
    LeaseKeeper k = hold(TWO_MINUTES, TWO_MINUTES);
    clock.advance(s(106.249));
    assertThat(server.callTimes).containsExactly(s(90), s(92), s(95), s(99.5));
    assertThat(lost).isEmpty();
    clock.advance(s(0.001));
    assertThat(server.callTimes).containsExactly(s(90), s(92), s(95), s(99.5), s(106.25));
    assertThat(lost).singleElement().isInstanceOfSatisfying(LeaseLost.RetriesExhausted.class, r -> {
      assertThat(r.tries()).isEqualTo(5);
      assertThat(r.last()).isInstanceOf(ApiException.class).hasMessageContaining("busy");
    });
    assertThat(k.state()).isEqualTo(LeaseKeeper.State.LOST);
    assertThat(clock.pending()).isZero();
    clock.advance(Duration.ofMinutes(10));
    assertThat(server.callTimes).hasSize(5);
    assertThat(lost).hasSize(1);
  }

  @Test
  void theJitterSpreadsEachWaitWithinTwentyPercent() {
    unit = 0;
    server.fail(503, 2);
    hold(TWO_MINUTES, TWO_MINUTES);
    clock.advance(s(100));
    assertThat(server.callTimes).containsExactly(s(90), s(91.6), s(94)); // 2 s × 0.8, then 3 s × 0.8
    double[] nominal = {2, 3, 4.5, 6.75};
    for (int failures = 1; failures <= 4; failures++) {
      Duration n = s(nominal[failures - 1]);
      assertThat(RenewalPolicy.nominalBackoff(failures)).isEqualTo(n);
      for (double u = 0; u < 1; u += 0.01) {
        Duration d = RenewalPolicy.backoff(failures, u);
        assertThat(d).isBetween(n.multipliedBy(8).dividedBy(10), n.multipliedBy(12).dividedBy(10));
      }
      assertThat(RenewalPolicy.backoff(failures, 0)).isEqualTo(n.multipliedBy(8).dividedBy(10));
      assertThat(RenewalPolicy.backoff(failures, 0.5)).isEqualTo(n);
    }
  }

  @Test
  void aSuccessStartsTheCountOfFailuresAgain() {
    server.fail(503, 4).grant(TWO_MINUTES).fail(503, 4);
    hold(TWO_MINUTES, TWO_MINUTES);
    clock.advance(Duration.ofMinutes(6));
    assertThat(lost).isEmpty();
    assertThat(server.callTimes).hasSizeGreaterThan(10);
  }

  @Test
  void aGoneAllocIsLostAtOnceWithoutRetries() {
    server.fail(410, 1);
    LeaseKeeper k = hold(TWO_MINUTES, TWO_MINUTES);
    clock.advance(Duration.ofMinutes(5));
    assertThat(server.callTimes).containsExactly(s(90));
    assertThat(lost).singleElement().isEqualTo(new LeaseLost.Gone(ID, 410, "alloc expired"));
    assertThat(k.state()).isEqualTo(LeaseKeeper.State.LOST);
  }

  @Test
  void aLeaseThatRunsOutWhileRetryingIsLostAtItsExpiry() {
    server.fail(503, 5);
    hold(Duration.ofSeconds(10), Duration.ofSeconds(10));
    clock.advance(s(9.999));
    assertThat(server.callTimes).containsExactly(s(5), s(7));
    assertThat(lost).isEmpty();
    clock.advance(s(0.001));
    assertThat(lost).singleElement().isEqualTo(new LeaseLost.Expired(ID, t0.plusSeconds(10)));
    clock.advance(Duration.ofMinutes(1));
    assertThat(server.callTimes).containsExactly(s(5), s(7));
  }

  @Test
  void anAlreadyExpiredLeaseIsRenewedAtOnce() {
    hold(Duration.ofSeconds(-5), TWO_MINUTES);
    clock.runDue();
    assertThat(server.callTimes).containsExactly(Duration.ZERO);
    assertThat(lost).isEmpty();
  }

  @Test
  void closeStopsRenewingAndReportsNothing() {
    LeaseKeeper k = hold(TWO_MINUTES, TWO_MINUTES);
    clock.advance(s(100));
    k.close();
    k.close();
    clock.advance(Duration.ofMinutes(10));
    assertThat(server.callTimes).containsExactly(s(90));
    assertThat(lost).isEmpty();
    assertThat(k.state()).isEqualTo(LeaseKeeper.State.CLOSED);
    assertThat(clock.pending()).isZero();
  }

  @Test
  void closeWhileBackingOffStopsTheRetries() {
    server.fail(503, 5);
    LeaseKeeper k = hold(TWO_MINUTES, TWO_MINUTES);
    clock.advance(s(93));
    assertThat(server.callTimes).containsExactly(s(90), s(92));
    k.close();
    clock.advance(Duration.ofMinutes(10));
    assertThat(server.callTimes).hasSize(2);
    assertThat(lost).isEmpty();
  }

  @Test
  void renewAfterIsGrantedLessThirtySecondsButAtLeastHalf() {
    assertThat(RenewalPolicy.renewAfter(Duration.ofMinutes(5))).isEqualTo(s(270));
    assertThat(RenewalPolicy.renewAfter(TWO_MINUTES)).isEqualTo(s(90));
    assertThat(RenewalPolicy.renewAfter(s(60))).isEqualTo(s(30));
    assertThat(RenewalPolicy.renewAfter(s(40))).isEqualTo(s(20));
    assertThat(RenewalPolicy.renewAfter(s(1))).isEqualTo(s(0.5));
    assertThat(RenewalPolicy.renewAfter(Duration.ZERO)).isEqualTo(Duration.ZERO);
  }

  @Test
  void aRequestThatHangsPastTheExpiryLosesTheLeaseAtTheExpiry() {
    queueIo = true;
    hold(TWO_MINUTES, TWO_MINUTES);
    clock.advance(s(90));
    assertThat(io).hasSize(1); // the renewal's request, not answered yet
    clock.advance(s(30));
    runIo(); // the lost report; and the request, answered at last: too late
    assertThat(lost).singleElement().isEqualTo(new LeaseLost.Expired(ID, t0.plus(TWO_MINUTES)));
    assertThat(renewed).isEmpty();
    assertThat(clock.pending()).isZero();
  }

  @Test
  void anAnswerThatArrivesAfterCloseIsDropped() {
    queueIo = true;
    LeaseKeeper k = hold(TWO_MINUTES, TWO_MINUTES);
    clock.advance(s(90));
    k.close();
    runIo();
    assertThat(server.callTimes).containsExactly(s(90));
    assertThat(renewed).isEmpty();
    assertThat(clock.pending()).isZero();
    assertThat(k.state()).isEqualTo(LeaseKeeper.State.CLOSED);
  }

  @Test
  void aServerClockHoursAheadMovesNothing() {
    server.serverAhead = Duration.ofHours(3);
    LeaseKeeper k = hold(TWO_MINUTES, TWO_MINUTES);
    clock.advance(s(90));
    assertThat(renewed).singleElement().satisfies(g -> assertThat(g.expiresAt()).isEqualTo(t0.plus(s(3 * 3600 + 210))));
    assertThat(k.expiresAt()).isEqualTo(t0.plus(s(210)));
    clock.advance(s(90));
    assertThat(server.callTimes).containsExactly(s(90), s(180));
  }

  @Test
  void anAllocsLeaseIsTheSmallerOfItsGrantAndWhatItsExpiryLeavesByThisClock() {
    Instant now = clock.instant();
    Alloc justMade = alloc(now.plusSeconds(3600), now.plusSeconds(3720)); // the server's clock an hour ahead
    Alloc readLater = alloc(now.minusSeconds(60), now.plusSeconds(60));
    var wiring = new LeaseKeeper.Wiring(server, clock, clock, Runnable::run, new Random(1));
    LeaseKeeper a = LeaseKeeper.hold(wiring, justMade, TWO_MINUTES, why -> lost.add(why));
    LeaseKeeper b = LeaseKeeper.hold(wiring, readLater, TWO_MINUTES, why -> lost.add(why));
    assertThat(a.expiresAt()).isEqualTo(now.plus(TWO_MINUTES));
    assertThat(b.expiresAt()).isEqualTo(now.plusSeconds(60));
    clock.advance(s(30));
    assertThat(server.callTimes).containsExactly(s(30)); // b, halfway through its 60 s
    clock.advance(s(60));
    assertThat(server.callTimes).containsExactly(s(30), s(90)); // a at 90; b next at 30 + 90
    a.close();
    b.close();
  }

  private static Alloc alloc(Instant lastKeepalive, Instant expires) {
    return new Alloc(ID, "node-1", Resources.ZERO, "me", Map.of(), Alloc.State.ACTIVE,
        lastKeepalive, lastKeepalive, expires, Optional.empty(), List.of());
  }
}
