package io.hearth.bench.scenario;

import io.hearth.bench.load.Call;
import io.hearth.bench.load.ClosedLoop;
import io.hearth.bench.load.Endpoint;
import io.hearth.bench.load.LoadResult;
import io.hearth.bench.load.OpenLoop;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Runs a floor phase and a Hearth phase of the same load, {@code rounds} times, alternating which
 * goes first, and merges each side's rounds: drift on a shared machine (other builds, thermal
 * changes) then lands on both sides alike.
 */
final class Phases {
  /** Calls per second no phase exceeds, whatever its length: a bound on the load itself. */
  private static final long MAX_CALLS_PER_SECOND = 200_000;

  private Phases() {}

  record Pair(LoadResult floor, LoadResult hearth) {}

  /** Closed loop with {@code clients} clients; floor client i calls {@code floorEndpoint.apply(i)}. */
  static Pair closed(BenchContext ctx, String what, int clients, IntFunction<Endpoint> floorEndpoint, Call floorCall,
      Endpoint hearth, IntFunction<Supplier<Call>> hearthCalls) throws InterruptedException {
    Sizes s = ctx.sizes();
    long seconds = (s.warmup().plus(s.duration())).toSeconds() + 1;
    ClosedLoop.Spec spec = new ClosedLoop.Spec(clients, s.warmup(), s.duration(), seconds * MAX_CALLS_PER_SECOND,
        s.callTimeout());
    LoadResult floor = null;
    LoadResult through = null;
    for (int round = 0; round < s.rounds(); round++) {
      for (int side = 0; side < 2; side++) {
        boolean floorNow = (side == 0) == (round % 2 == 0);
        ctx.log(what + ": round " + (round + 1) + "/" + s.rounds() + ", " + (floorNow ? "direct" : "Hearth") + ", "
            + clients + " client(s)");
        if (floorNow) {
          LoadResult r = ClosedLoop.run(spec, floorEndpoint, i -> () -> floorCall);
          floor = floor == null ? r : floor.plus(r);
        } else {
          LoadResult r = ClosedLoop.run(spec, i -> hearth, hearthCalls);
          through = through == null ? r : through.plus(r);
        }
      }
    }
    return new Pair(floor, through);
  }

  /** Open loop at {@code rate} calls/s over {@code connections} connections. */
  static Pair open(BenchContext ctx, String what, double rate, int connections, IntFunction<Endpoint> floorEndpoint,
      Call floorCall, Endpoint hearth, Call hearthCall) throws InterruptedException {
    Sizes s = ctx.sizes();
    OpenLoop.Spec spec = new OpenLoop.Spec(rate, connections, s.warmup(), s.duration(), s.callTimeout());
    LoadResult floor = null;
    LoadResult through = null;
    for (int round = 0; round < s.rounds(); round++) {
      for (int side = 0; side < 2; side++) {
        boolean floorNow = (side == 0) == (round % 2 == 0);
        ctx.log(what + ": round " + (round + 1) + "/" + s.rounds() + ", " + (floorNow ? "direct" : "Hearth") + ", "
            + rate + " calls/s");
        if (floorNow) {
          LoadResult r = OpenLoop.run(spec, floorEndpoint, () -> floorCall);
          floor = floor == null ? r : floor.plus(r);
        } else {
          LoadResult r = OpenLoop.run(spec, i -> hearth, () -> hearthCall);
          through = through == null ? r : through.plus(r);
        }
      }
    }
    return new Pair(floor, through);
  }
}
