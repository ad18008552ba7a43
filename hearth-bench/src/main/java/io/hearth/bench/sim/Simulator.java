package io.hearth.bench.sim;

import io.hearth.core.pool.Action;
import io.hearth.core.pool.KeepAliveChoice;
import io.hearth.core.pool.NodePool;
import io.hearth.core.pool.FreezePolicy;
import io.hearth.core.pool.PoolConfig;
import io.hearth.core.ledger.Resources;
import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Replays a {@link Trace} through the real {@link NodePool} and the real policies on virtual time.
 * It is the pool's shell, with a fake driver: a {@code Launch} becomes ready after the function's
 * cold start, an {@code Assign} finishes after the call's execution time, and the pool is ticked at
 * its own deadlines — exactly as the agent does, without containers or clocks.
 *
 * <p>Events at the same millisecond run in this order: containers becoming ready or finishing calls
 * (in the order they were scheduled), then the pool's tick, then arrivals. Nothing is random: one
 * trace and one policy give one result. Single-threaded; one instance per run.
 */
public final class Simulator {
  private static final long MB = 1024 * 1024;
  /** Longest a call waits for room before it is refused; generous, so refusals mean real overload. */
  static final Duration MAX_QUEUE_WAIT = Duration.ofMinutes(1);

  private enum State { STARTING, IDLE, BUSY }

  /** The shell's view of one container. */
  private static final class Box {
    final int fn;
    final long memoryMb;
    State state = State.STARTING;
    long since;
    double startMbMs;

    Box(int fn, long memoryMb, long now) {
      this.fn = fn;
      this.memoryMb = memoryMb;
      this.since = now;
    }
  }

  private record Event(long at, long seq, boolean ready, long container) {}

  private final Trace trace;
  private final KeepAliveChoice choice;
  private final long memoryMb;
  private final NodePool pool;
  private final SlotKey[] slots;
  private final Map<String, Integer> fnOfSlot = new HashMap<>();
  private final Map<Long, Box> boxes = new HashMap<>();
  private final PriorityQueue<Event> events = new PriorityQueue<>(
      (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private final int[] callsOf;
  private final int[] coldOf;
  private final double[] wastedMbMsOf;
  /** Per function: calls submitted and not yet assigned a container or refused. */
  private final int[] pendingOf;
  private long seq;
  private long now;
  private long waiting;
  private long cold;
  private long refused;
  private long launches;
  private long prewarms;
  private double coldWaitMs;
  private double wastedMbMs;
  private double busyMbMs;
  private double startingMbMs;

  private Simulator(Trace trace, KeepAliveChoice choice, long memoryMb) {
    this.trace = trace;
    this.choice = choice;
    this.memoryMb = memoryMb;
    this.pool = new NodePool(new PoolConfig(new Resources(memoryMb * MB, 0), FreezePolicy.never(), MAX_QUEUE_WAIT,
        false), choice.eviction(), choice.keepAlive());
    List<SimFunction> fns = trace.functions();
    this.slots = new SlotKey[fns.size()];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = fns.get(i).slot();
      fnOfSlot.put(fns.get(i).id(), i);
    }
    this.callsOf = new int[slots.length];
    this.coldOf = new int[slots.length];
    this.pendingOf = new int[slots.length];
    this.wastedMbMsOf = new double[slots.length];
  }

  /** Replays {@code trace} with the policies of {@code choice} on a node of {@code memoryMb}. */
  public static SimResult run(Trace trace, KeepAliveChoice choice, long memoryMb) {
    return new Simulator(trace, choice, memoryMb).replay();
  }

  private SimResult replay() {
    long[] arrival = trace.arrivalMs();
    int next = 0;
    Optional<Instant> deadline = Optional.empty();
    while (true) {
      long tEvent = events.isEmpty() ? Long.MAX_VALUE : events.peek().at;
      long tTick = deadline.map(Instant::toEpochMilli).orElse(Long.MAX_VALUE);
      long tArrival = next < arrival.length ? arrival[next] : Long.MAX_VALUE;
      if (tEvent == Long.MAX_VALUE && tArrival == Long.MAX_VALUE && waiting == 0 && tTick >= trace.lengthMs()) {
        break; // every call served or refused, and nothing due before the trace ends
      }
      if (tEvent <= tTick && tEvent <= tArrival) {
        Event e = events.poll();
        now = e.at;
        if (e.ready) {
          ready(e.container);
        } else {
          finished(e.container);
        }
      } else if (tTick <= tArrival) {
        now = Math.max(now, tTick);
        apply(pool.tick(at(now)));
      } else {
        now = tArrival;
        int f = trace.fn()[next];
        callsOf[f]++;
        waiting++;
        pendingOf[f]++;
        apply(pool.submit(next, slots[f], at(now)));
        next++;
      }
      deadline = pool.nextDeadline();
    }
    for (Box b : boxes.values()) { // what is still warm stays so until the trace ends
      settle(b, trace.lengthMs());
      if (b.state == State.STARTING) {
        waste(b, b.startMbMs);
      }
    }
    return result();
  }

  private void ready(long id) {
    Box b = boxes.get(id);
    settle(b, now);
    b.state = State.IDLE;
    apply(pool.ready(id, at(now)));
    if (b.state == State.BUSY) {
      startingMbMs += b.startMbMs;
    } else {
      waste(b, b.startMbMs); // nobody waited for this start
    }
  }

  private void finished(long id) {
    Box b = boxes.get(id);
    settle(b, now);
    b.state = State.IDLE;
    apply(pool.finished(id, true, at(now)));
  }

  private void apply(List<Action> actions) {
    for (Action action : actions) {
      switch (action) {
        case Action.Launch l -> {
          int f = fnOfSlot.get(l.slot().fnId());
          boxes.put(l.container(), new Box(f, l.slot().memoryMb(), now));
          launches++;
          if (pendingOf[f] == 0) { // no call of the function waits: the policy planned this start
            prewarms++;
          }
          events.add(new Event(now + trace.functions().get(f).coldStartMs(), seq++, true, l.container()));
        }
        case Action.Assign a -> {
          Box b = boxes.get(a.container());
          settle(b, now);
          b.state = State.BUSY;
          int f = trace.fn()[(int) a.call()];
          waiting--;
          pendingOf[f]--;
          if (a.cold()) {
            cold++;
            coldOf[f]++;
          }
          coldWaitMs += now - trace.arrivalMs()[(int) a.call()];
          events.add(new Event(now + trace.execMs()[(int) a.call()], seq++, false, a.container()));
        }
        case Action.Reject r -> {
          waiting--;
          pendingOf[trace.fn()[(int) r.call()]]--;
          refused++;
        }
        case Action.Retire r -> settle(boxes.remove(r.container()), now);
        case Action.FailWithLaunch f -> throw new IllegalStateException("the simulated driver never fails: " + f);
        case Action.Freeze f -> throw new IllegalStateException("the simulated node does not freeze: " + f);
      }
    }
  }

  /** Adds the memory-time of {@code b} in its current state up to {@code until} (never past the trace's end). */
  private void settle(Box b, long until) {
    long end = Math.min(until, trace.lengthMs());
    long start = Math.min(b.since, trace.lengthMs());
    double mbMs = (double) b.memoryMb * Math.max(0, end - start);
    switch (b.state) {
      case STARTING -> b.startMbMs += mbMs;
      case IDLE -> waste(b, mbMs);
      case BUSY -> busyMbMs += mbMs;
    }
    b.since = until;
  }

  private void waste(Box b, double mbMs) {
    wastedMbMs += mbMs;
    wastedMbMsOf[b.fn] += mbMs;
  }

  private static Instant at(long ms) {
    return Instant.ofEpochMilli(ms);
  }

  private SimResult result() {
    int called = 0;
    double sum = 0;
    double[] fractions = new double[callsOf.length];
    for (int f = 0; f < callsOf.length; f++) {
      if (callsOf[f] > 0) {
        fractions[called] = (double) coldOf[f] / callsOf[f];
        sum += fractions[called++];
      }
    }
    double[] sorted = Arrays.copyOf(fractions, called);
    Arrays.sort(sorted);
    double p75 = called == 0 ? 0 : sorted[Math.min(called - 1, (int) Math.ceil(0.75 * called) - 1)];
    return new SimResult(choice.name(), memoryMb, trace.calls(), cold, refused, called, called == 0 ? 0 : sum / called,
        p75, coldWaitMs / 1000, wastedMbMs / 1000, busyMbMs / 1000, startingMbMs / 1000, launches, prewarms,
        pool.snapshot().evictions(), byPopularity());
  }

  /** Functions grouped by calls per day in decades (1-9, 10-99, ...); functions never called are left out. */
  private List<SimResult.Popularity> byPopularity() {
    double perDay = 24 * 3600_000.0 / trace.lengthMs();
    TreeMap<Integer, SimResult.Popularity> classes = new TreeMap<>();
    for (int f = 0; f < callsOf.length; f++) {
      if (callsOf[f] > 0) {
        int decade = (int) Math.floor(Math.log10(Math.max(1, callsOf[f] * perDay)));
        classes.merge(decade, new SimResult.Popularity(decade, 1, callsOf[f], coldOf[f], wastedMbMsOf[f] / 1000),
            SimResult.Popularity::plus);
      }
    }
    return List.copyOf(classes.values());
  }
}
