package io.hearth.core.job.dispatch;

import io.hearth.core.job.dispatch.DispatchAction.Cancel;
import io.hearth.core.job.dispatch.DispatchAction.Hold;
import io.hearth.core.job.dispatch.DispatchAction.KeepLocked;
import io.hearth.core.job.dispatch.DispatchAction.Kill;
import io.hearth.core.job.dispatch.DispatchAction.Lock;
import io.hearth.core.job.dispatch.DispatchAction.Start;
import io.hearth.core.job.dispatch.DispatchAction.Unlock;
import io.hearth.core.job.dispatch.QueuedJob.State;
import io.hearth.core.ledger.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One pass of the dispatcher, pure: from the queue, the nodes' offers, this dispatcher's locks and
 * {@code now}, the actions to take. The jobs are taken in {@link SchedulerOrder}:
 *
 * <ul>
 *   <li><b>Running</b> (this dispatcher's): on a lost node the attempt ended — retried as a new
 *       attempt while attempts remain ({@link AttemptEnd}); priority 0 or past {@code max_run_time}
 *       is killed.
 *   <li><b>Locked by another dispatcher</b>: left alone; its room shows in the offers.
 *   <li><b>Priority 0</b>: queued is held, never locked; locked by this dispatcher is unlocked.
 *   <li><b>No class can hold it</b>: cancelled, {@value TypeChoice#UNSATISFIABLE}. A queued job
 *       locked {@code maxDispatchAttempts} times already is cancelled instead of locked again.
 *   <li><b>Fits a node now</b>: locked (if queued) and started on the first node, in node-id order,
 *       of the cheapest eligible class with room; its request is taken off that node's free room for
 *       the rest of the pass. Locks are taken only here, so a lock is always followed by a start.
 *   <li><b>Does not fit</b>: a queued job stays queued (no lock for a job that only waits for room,
 *       so none is lock-cycled); of this dispatcher's locked jobs the first in order stays locked
 *       (next in line) and the others are unlocked — at the maximum dispatch attempts that unlock is
 *       a cancel, saying so.
 * </ul>
 *
 * <p><b>Fairness: a reservation.</b> The first job in order that does not fit, once it has waited
 * {@code reserveAfter} since it was first seen, gets room held on one node: jobs behind it may no
 * longer take, on that node, the part of its request that is free there now (in practice none of
 * them starts there: every job needs some of what the reserved one is short of), so the node drains
 * toward it while other nodes keep serving smaller jobs. The node is the previous pass's for the
 * same job while it can still hold the job (so room is not lost by hopping), else the eligible node
 * that could hold the job when empty and lacks least of it now (each missing resource as a share of
 * the node's capacity, summed). Reservation was chosen over aging into priority because aging
 * changes the order users set, and lets a big job overtake higher priorities; a reservation only
 * holds back jobs that were behind it anyway, and only on one node. Jobs ahead of it still start
 * first. One reservation per pass: after it starts, the next long waiter gets the next.
 */
public final class DispatchPass {
  private DispatchPass() {}

  public static PassResult run(PassInput in, Instant now, DispatchSettings settings) {
    return new Run(in, now, settings).run();
  }

  /** Jobs of equal needs share one type choice within a pass. */
  private record ChoiceKey(Constraints need, boolean preemptible) {}

  /** One pass's working state; never outlives {@link #run}. */
  private static final class Run {
    private final PassInput in;
    private final Instant now;
    private final DispatchSettings s;
    private final List<DispatchAction> actions = new ArrayList<>();
    /** Usable offers by node id, in id order, and what is still free on each in this pass. */
    private final TreeMap<String, NodeOffer> offers = new TreeMap<>();
    private final Map<String, Resources> free = new HashMap<>();
    private final Map<ChoiceKey, TypeChoice> choices = new HashMap<>();
    /**
     * Needs that fit no node earlier in this pass. Room only shrinks during a pass (starts take it,
     * a reservation holds it), so a later job of the same needs does not fit either.
     */
    private final Set<ChoiceKey> fitNowhere = new HashSet<>();
    private Reservation reservation;
    private Resources held = Resources.ZERO;
    private boolean keptOne;

    Run(PassInput in, Instant now, DispatchSettings s) {
      this.in = in;
      this.now = now;
      this.s = s;
      for (NodeOffer o : in.offers()) {
        if (s.classes().named(o.instanceType()).isPresent() && !in.lostNodes().contains(o.nodeId())) {
          offers.put(o.nodeId(), o);
          free.put(o.nodeId(), o.free());
        }
      }
    }

    PassResult run() {
      List<QueuedJob> sorted = in.queue().stream().sorted(SchedulerOrder.ORDER).toList();
      for (QueuedJob job : sorted) {
        switch (job.state()) {
          case RUNNING -> running(job);
          case LOCKED -> {
            if (s.dispatcher().equals(job.lockedBy())) {
              waiting(job, true);
            }
          }
          case QUEUED -> waiting(job, false);
        }
      }
      return new PassResult(actions, Optional.ofNullable(reservation));
    }

    private void running(QueuedJob job) {
      if (!s.dispatcher().equals(job.lockedBy())) {
        return;
      }
      if (in.lostNodes().contains(job.nodeId())) {
        actions.add(AttemptEnd.after(job, "node " + job.nodeId() + " was lost"));
      } else if (job.priority() == 0) {
        actions.add(new Kill(job.id(), job.attempt(), "killed: priority set to 0 (nobody wants the job any more)"));
      } else if (!job.maxRunTime().isZero() && !now.isBefore(job.startedAt().plus(job.maxRunTime()))) {
        actions.add(new Kill(job.id(), job.attempt(), "killed: ran longer than max_run_time_secs ("
            + job.maxRunTime().toSeconds() + " s)"));
      }
    }

    /** A queued job, or one this dispatcher locked ({@code ours}), that is not running yet. */
    private void waiting(QueuedJob job, boolean ours) {
      if (job.priority() == 0) {
        actions.add(ours ? release(job, "priority is 0: on hold") : new Hold(job.id()));
        return;
      }
      if (!ours && job.lockCount() >= s.maxDispatchAttempts()) {
        actions.add(new Cancel(job.id(), job.attempt(), exhausted(job)));
        return;
      }
      ChoiceKey key = new ChoiceKey(job.need(), job.preemptible());
      TypeChoice choice = choices.computeIfAbsent(key, k -> s.chooser().choose(s.classes(), k.need(), k.preemptible()));
      if (!(choice instanceof TypeChoice.Eligible eligible)) {
        actions.add(new Cancel(job.id(), job.attempt(), ((TypeChoice.Unsatisfiable) choice).message()));
        return;
      }
      Resources request = job.need().request(s.chooser().overheadBytes());
      Optional<NodeOffer> node = fitNowhere.contains(key) ? Optional.empty()
          : eligibleNodes(eligible).filter(o -> fits(o, room(o), request)).findFirst();
      if (node.isPresent()) {
        if (!ours) {
          actions.add(new Lock(job.id()));
        }
        NodeOffer o = node.get();
        actions.add(new Start(job.id(), job.attempt(), o.nodeId(), o.instanceType(), request));
        free.put(o.nodeId(), free.get(o.nodeId()).minus(charged(o, request)));
        return;
      }
      fitNowhere.add(key);
      if (reservation == null) {
        reserve(job, eligible, request);
      }
      if (ours) {
        if (keptOne) {
          actions.add(release(job, "not next in line for room"));
        } else {
          keptOne = true;
          actions.add(new KeepLocked(job.id(), "next in line: waiting for room on " + eligible.types().stream()
              .map(InstanceType::name).toList()));
        }
      }
    }

    private Stream<NodeOffer> eligibleNodes(TypeChoice.Eligible eligible) {
      return eligible.types().stream().flatMap(t -> offers.values().stream()
          .filter(o -> o.instanceType().equals(t.name())));
    }

    /** What a job may use on {@code o}: its free room, less what is held there for the reserved job. */
    private Resources room(NodeOffer o) {
      Resources f = free.get(o.nodeId());
      return reservation != null && reservation.nodeId().equals(o.nodeId()) ? f.minus(held) : f;
    }

    private void reserve(QueuedJob job, TypeChoice.Eligible eligible, Resources request) {
      Optional<Reservation> prev = in.reservation().filter(r -> r.jobId().equals(job.id()));
      if (prev.isEmpty() && Duration.between(job.firstSeenAt(), now).compareTo(s.reserveAfter()) < 0) {
        return;
      }
      List<NodeOffer> could = eligibleNodes(eligible).filter(o -> fits(o, o.capacity(), request)).toList();
      Optional<NodeOffer> same = prev.flatMap(r -> could.stream().filter(o -> o.nodeId().equals(r.nodeId())).findFirst());
      Optional<NodeOffer> target = same.isPresent() ? same
          : could.stream().min(Comparator.comparingDouble(o -> lack(o, request)));
      target.ifPresent(o -> {
        reservation = new Reservation(job.id(), o.nodeId(), same.isPresent() ? prev.get().since() : now);
        held = least(free.get(o.nodeId()), charged(o, request));
      });
    }

    /** How far {@code o} is from holding {@code request}: each missing resource as a share of its capacity. */
    private double lack(NodeOffer o, Resources request) {
      Resources r = charged(o, request);
      Resources missing = o.capacity().missing(o.capacity().minus(free.get(o.nodeId())), r);
      double sum = 0;
      for (var shortfall : missing.asShortfalls()) {
        sum += (double) shortfall.amount() / Math.max(1, o.capacity().amount(shortfall.resource()));
      }
      return sum;
    }

    /** Lets this dispatcher's lock go: an unlock, or at the maximum dispatch attempts a cancel. */
    private DispatchAction release(QueuedJob job, String reason) {
      return job.lockCount() >= s.maxDispatchAttempts() ? new Cancel(job.id(), job.attempt(), exhausted(job))
          : new Unlock(job.id(), reason);
    }

    private String exhausted(QueuedJob job) {
      return "cancelled: locked " + job.lockCount() + " times, the maximum dispatch attempts is "
          + s.maxDispatchAttempts();
    }
  }

  /** Whether {@code request} fits in {@code room} on {@code o} (a node that does not account CPU ignores it). */
  static boolean fits(NodeOffer o, Resources room, Resources request) {
    return room.covers(charged(o, request));
  }

  /** The request as the node counts it: without CPU on a node whose capacity does not account CPU. */
  static Resources charged(NodeOffer o, Resources request) {
    return o.capacity().cpuMillis() == 0 ? request.with(Resources.CPU, 0) : request;
  }

  /** Each resource of {@code request} at most what {@code free} has of it. */
  static Resources least(Resources free, Resources request) {
    Map<String, Long> named = new TreeMap<>();
    request.named().forEach((k, v) -> named.put(k, Math.min(v, free.amount(k))));
    return new Resources(Math.min(free.memoryBytes(), request.memoryBytes()),
        Math.min(free.cpuMillis(), request.cpuMillis()), named);
  }
}
