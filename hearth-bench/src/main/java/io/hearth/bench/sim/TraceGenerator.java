package io.hearth.bench.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic invocation trace shaped like the public Azure Functions 2019 trace (Shahrad et al.,
 * "Serverless in the Wild", USENIX ATC 2020). Only published facts are used; no trace data:
 * <ul>
 *   <li><b>Popularity</b> is heavy-tailed: about 45% of applications are called at most once an
 *       hour on average and about 81% at most once a minute, while a few are called far more often.
 *       A log-normal of the mean rate through those two points — log10(calls per minute) ~ N(−1.56,
 *       1.77) — gives that shape. Rates are capped at {@value #MAX_CALLS_PER_MINUTE} per minute: one
 *       node's share of the busiest functions, which a platform spreads over many nodes.
 *   <li><b>Arrival patterns</b>: timers fire periodically ({@value #PERIODIC_SHARE} of functions,
 *       every 1, 2, 5, 10, 15, 30 or 60 minutes with a few seconds of jitter); HTTP-like functions
 *       arrive as a Poisson process ({@value #POISSON_SHARE}); queue and event functions come in
 *       bursts (the rest: bursts of geometric size with seconds between calls, bursts arriving as a
 *       Poisson process). Poisson and bursty rates follow a day-night cycle (±50%).
 *   <li><b>Memory</b>: most functions use 128–512 MB, a tail up to 1.5 GB (Azure's limit then).
 *   <li><b>Execution times</b>: mostly under a second with a heavy tail: per function a median
 *       with log10(seconds) ~ N(log10 0.6, 0.8) — about 60% of functions under 1 s, 94% under 10 s
 *       — capped at 10 minutes; each call varies around it (log-normal, σ = 0.5).
 *   <li><b>Cold starts</b> (not in the trace; the simulated driver's cost): per function, log-uniform
 *       between 0.5 and 2 s.
 * </ul>
 * The same seed gives the same trace.
 */
public final class TraceGenerator {
  static final int MAX_CALLS_PER_MINUTE = 60;
  static final double PERIODIC_SHARE = 0.20;
  static final double POISSON_SHARE = 0.55;
  private static final double LOG10_RATE_MEAN = -1.56;
  private static final double LOG10_RATE_SD = 1.77;
  private static final int[] PERIODS_MIN = {1, 2, 5, 10, 15, 30, 60};
  private static final int[] MEMORY_MB = {128, 256, 512, 1024, 1536};
  private static final double[] MEMORY_SHARE = {0.35, 0.35, 0.20, 0.08, 0.02};
  private static final double DIURNAL_AMPLITUDE = 0.5;
  private static final long DAY_MS = 24 * 3600_000L;
  private static final long MAX_EXEC_MS = 600_000;

  private TraceGenerator() {}

  /** A trace of {@code functions} functions over {@code hours} hours. */
  public static Trace generate(int functions, double hours, long seed) {
    if (functions < 1 || hours <= 0) {
      throw new IllegalArgumentException("a trace needs at least one function and a positive length");
    }
    long length = (long) (hours * 3600_000);
    SplittableRandom master = new SplittableRandom(seed);
    double diurnalPhase = master.nextDouble() * 2 * Math.PI;
    List<SimFunction> fns = new ArrayList<>();
    List<long[]> arrivals = new ArrayList<>();
    List<int[]> execs = new ArrayList<>();
    int total = 0;
    for (int i = 0; i < functions; i++) {
      SplittableRandom r = master.split();
      double kind = r.nextDouble();
      String pattern = kind < PERIODIC_SHARE ? "periodic" : kind < PERIODIC_SHARE + POISSON_SHARE ? "poisson" : "bursty";
      int memory = MEMORY_MB[pick(r, MEMORY_SHARE)];
      long coldStart = Math.round(500 * Math.pow(4, r.nextDouble()));
      double medianExecMs = Math.min(MAX_EXEC_MS, Math.max(10, 600 * Math.pow(10, 0.8 * gaussian(r))));
      double perMinute = Math.min(MAX_CALLS_PER_MINUTE, Math.pow(10, LOG10_RATE_MEAN + LOG10_RATE_SD * gaussian(r)));
      long[] times = switch (pattern) {
        case "periodic" -> periodic(r, length);
        case "poisson" -> poisson(r, length, perMinute / 60_000, diurnalPhase);
        default -> bursty(r, length, perMinute / 60_000, diurnalPhase);
      };
      int[] exec = new int[times.length];
      for (int k = 0; k < times.length; k++) {
        exec[k] = (int) Math.min(MAX_EXEC_MS, Math.max(1, Math.round(medianExecMs * Math.exp(0.5 * gaussian(r)))));
      }
      fns.add(new SimFunction("f%03d".formatted(i), pattern, memory, coldStart));
      arrivals.add(times);
      execs.add(exec);
      total += times.length;
    }
    return merge(fns, arrivals, execs, total, length);
  }

  /** A timer: every period from a random phase, each firing a few seconds early or late. */
  private static long[] periodic(SplittableRandom r, long length) {
    long period = PERIODS_MIN[r.nextInt(PERIODS_MIN.length)] * 60_000L;
    long jitter = Math.min(5_000, period / 50);
    long[] out = new long[(int) (length / period) + 1];
    int n = 0;
    for (long t = r.nextLong(period); t < length; t += period) {
      long at = t + r.nextLong(-jitter, jitter + 1);
      if (at >= 0 && at < length && (n == 0 || at >= out[n - 1])) {
        out[n++] = at;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** Poisson arrivals at {@code perMs} on average, following the day-night cycle (thinning). */
  private static long[] poisson(SplittableRandom r, long length, double perMs, double phase) {
    LongList out = new LongList();
    double peak = perMs * (1 + DIURNAL_AMPLITUDE);
    for (double t = exponential(r, peak); t < length; t += exponential(r, peak)) {
      if (r.nextDouble() * (1 + DIURNAL_AMPLITUDE) < diurnal(t, phase)) {
        out.add((long) t);
      }
    }
    return out.toArray();
  }

  /** Bursts of calls a few seconds apart; bursts arrive as a Poisson process with the day-night cycle. */
  private static long[] bursty(SplittableRandom r, long length, double perMs, double phase) {
    double meanBurst = 2 * Math.pow(10, r.nextDouble()); // 2..20 calls
    double meanGapMs = 1000 * Math.pow(30, r.nextDouble()); // 1..30 s between calls of a burst
    LongList out = new LongList();
    for (long start : poisson(r, length, perMs / meanBurst, phase)) {
      double t = start;
      long size = 1 + (long) Math.floor(Math.log(1 - r.nextDouble()) / Math.log(1 - 1 / meanBurst));
      for (long k = 0; k < size && t < length; k++, t += exponential(r, 1 / meanGapMs)) {
        out.add((long) t);
      }
    }
    long[] times = out.toArray();
    Arrays.sort(times); // bursts may overlap
    return times;
  }

  private static double diurnal(double t, double phase) {
    return 1 + DIURNAL_AMPLITUDE * Math.sin(2 * Math.PI * t / DAY_MS + phase);
  }

  private static Trace merge(List<SimFunction> fns, List<long[]> arrivals, List<int[]> execs, int total, long length) {
    if (total >= 1 << 24) {
      throw new IllegalArgumentException("the trace would hold " + total + " calls; use fewer functions or hours");
    }
    long[] keys = new long[total];
    int[] fnOf = new int[total];
    int[] execOf = new int[total];
    int k = 0;
    for (int f = 0; f < fns.size(); f++) {
      long[] times = arrivals.get(f);
      for (int j = 0; j < times.length; j++, k++) {
        fnOf[k] = f;
        execOf[k] = execs.get(f)[j];
        keys[k] = times[j] << 24 | k; // time order; ties in generation order
      }
    }
    Arrays.sort(keys);
    long[] arrivalMs = new long[total];
    int[] fn = new int[total];
    int[] execMs = new int[total];
    for (int i = 0; i < total; i++) {
      int from = (int) (keys[i] & ((1 << 24) - 1));
      arrivalMs[i] = keys[i] >>> 24;
      fn[i] = fnOf[from];
      execMs[i] = execOf[from];
    }
    return new Trace(fns, arrivalMs, fn, execMs, length);
  }

  private static int pick(SplittableRandom r, double[] shares) {
    double u = r.nextDouble();
    for (int i = 0; i < shares.length - 1; i++) {
      u -= shares[i];
      if (u < 0) {
        return i;
      }
    }
    return shares.length - 1;
  }

  private static double exponential(SplittableRandom r, double rate) {
    return -Math.log(1 - r.nextDouble()) / rate;
  }

  /** A standard normal draw (Box–Muller; SplittableRandom has none). */
  private static double gaussian(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  /** A growable array of longs. */
  private static final class LongList {
    private long[] values = new long[16];
    private int size;

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
