package io.hearth.core.job.dispatch;

import static io.hearth.core.job.dispatch.Jobs.SMALL;
import static io.hearth.core.job.dispatch.Jobs.T0;
import static io.hearth.core.job.dispatch.Jobs.job;
import static io.hearth.core.job.dispatch.Jobs.node;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A stream of small jobs against one big one: two 4-CPU nodes, each busy with 1-CPU jobs of 30 s
 * started at staggered times; two more small jobs arrive every 10 s (more than the nodes finish), a
 * 4-CPU job of the same priority is first seen at T0. Every 10 s the finished jobs leave and a pass
 * runs. Some CPU of every node is always busy, so without a reservation the big job never fits.
 */
class FairnessTest {
  private static final Duration TICK = Duration.ofSeconds(10);
  private static final Duration SMALL_RUN = Duration.ofSeconds(30);
  private static final Duration HOUR = Duration.ofHours(1);

  record Outcome(Optional<Instant> bigStarted, String bigNode, List<Instant> smallStarts,
      Optional<Reservation> reservedAtStart) {}

  private static Outcome simulate(Duration reserveAfter) {
    QueueModel model = new QueueModel(Jobs.settings(reserveAfter)).node(node("n1", SMALL, 4)).node(node("n2", SMALL, 4));
    int[] ages = {25, 20, 10, 0};
    int n = 0;
    for (String node : List.of("n1", "n2")) {
      for (int age : ages) {
        model.running(job("init-" + n++, 500, 1, -100), node, T0.minusSeconds(age));
      }
    }
    model.add(job("big", 500, 4, 0));
    List<Instant> smallStarts = new ArrayList<>();
    Optional<Reservation> reservation = Optional.empty();
    int arrived = 0;
    for (Instant now = T0; now.isBefore(T0.plus(HOUR)); now = now.plus(TICK)) {
      Instant t = now;
      model.jobs.values().stream().filter(j -> j.state() == QueuedJob.State.RUNNING && !j.id().equals("big")
          && !t.isBefore(j.startedAt().plus(SMALL_RUN))).map(QueuedJob::id).toList().forEach(model::finish);
      for (int k = 0; k < 2; k++) {
        model.add(job("s" + arrived++, 500, 1, Duration.between(T0, now).toSeconds() + 1));
      }
      Optional<Reservation> before = model.reservation;
      for (DispatchAction a : model.pass(now)) {
        if (a instanceof DispatchAction.Start s) {
          if (s.jobId().equals("big")) {
            return new Outcome(Optional.of(now), s.nodeId(), smallStarts, before);
          }
          smallStarts.add(now);
        }
      }
    }
    return new Outcome(Optional.empty(), null, smallStarts, reservation);
  }

  @Test
  void withoutAReservationAStreamOfSmallJobsStarvesTheBigOneForAnHour() {
    Outcome o = simulate(Duration.ofDays(365));
    assertThat(o.bigStarted()).isEmpty();
    assertThat(o.smallStarts()).hasSizeGreaterThan(400);
  }

  @Test
  void afterTheBoundedWaitRoomIsHeldOnOneNodeAndTheBigJobStartsThereOnceItDrains() {
    Outcome o = simulate(Duration.ofMinutes(10));
    // waited 10 min, then the node drains within one small job's run (30 s) and the next pass starts it
    assertThat(o.bigStarted()).hasValueSatisfying(at -> assertThat(at)
        .isAfterOrEqualTo(T0.plus(Duration.ofMinutes(10))).isBeforeOrEqualTo(T0.plus(Duration.ofMinutes(10))
            .plus(SMALL_RUN).plus(TICK)));
    assertThat(o.reservedAtStart()).hasValueSatisfying(r -> {
      assertThat(r.jobId()).isEqualTo("big");
      assertThat(r.nodeId()).isEqualTo(o.bigNode());
      assertThat(r.since()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
    });
    // while n1 or n2 drained for it, the other node kept starting small jobs
    assertThat(o.smallStarts()).anyMatch(at -> at.isAfter(T0.plus(Duration.ofMinutes(10)))
        && at.isBefore(o.bigStarted().get()));
  }

  @Test
  void aJobAheadOfTheReservedOneInOrderStillTakesTheRoom() {
    QueueModel model = new QueueModel(Jobs.SETTINGS).node(node("n1", SMALL, 2));
    model.add(job("big", 500, 4, 0)).add(job("urgent", 900, 2, 700)).add(job("later", 500, 1, 700));
    List<DispatchAction> actions = model.pass(T0.plus(Duration.ofMinutes(11)));
    assertThat(actions).containsExactly(new DispatchAction.Lock("urgent"), Jobs.start("urgent", "n1", "small", 2));
    assertThat(model.reservation).hasValueSatisfying(r -> assertThat(r.jobId()).isEqualTo("big"));
  }

  @Test
  void theRoomStaysHeldOnTheSameNodeWhileItDrainsEvenWhenAnotherComesCloser() {
    Instant late = T0.plus(Duration.ofMinutes(11));
    PassInput first = new PassInput(List.of(job("big", 500, 4, 0)), List.of(node("n1", SMALL, 2), node("n2", SMALL, 1)));
    Optional<Reservation> held = DispatchPass.run(first, late, Jobs.SETTINGS).reservation();
    assertThat(held).contains(new Reservation("big", "n1", late));
    List<NodeOffer> later = List.of(node("n1", SMALL, 2), node("n2", SMALL, 3));
    PassInput again = new PassInput(List.of(job("big", 500, 4, 0), job("small", 500, 1, 1)), later,
        java.util.Set.of(), held);
    PassResult result = DispatchPass.run(again, late.plusSeconds(10), Jobs.SETTINGS);
    assertThat(result.reservation()).contains(new Reservation("big", "n1", late));
    // the small job behind it may not take n1's held CPUs, so it goes to n2
    assertThat(result.actions()).containsExactly(new DispatchAction.Lock("small"), Jobs.start("small", "n2", "small", 1));
    // without the previous reservation the pass would have chosen n2, now the closer one
    assertThat(DispatchPass.run(new PassInput(List.of(job("big", 500, 4, 0)), later), late, Jobs.SETTINGS)
        .reservation()).contains(new Reservation("big", "n2", late));
  }

  @Test
  void noRoomIsHeldBeforeTheWaitOrWhereTheJobCouldNeverFit() {
    PassInput in = new PassInput(List.of(job("big", 500, 4, 0)), List.of(node("n1", SMALL, 2)));
    assertThat(DispatchPass.run(in, T0.plus(Duration.ofMinutes(10)).minusSeconds(1), Jobs.SETTINGS).reservation())
        .isEmpty();
    assertThat(DispatchPass.run(in, T0.plus(Duration.ofMinutes(10)), Jobs.SETTINGS).reservation()).isPresent();
    PassInput tooSmall = new PassInput(List.of(job("wide", 500, 6, 0)), List.of(node("n1", SMALL, 4)));
    assertThat(DispatchPass.run(tooSmall, T0.plus(HOUR), Jobs.SETTINGS).reservation()).isEmpty();
  }
}
