package io.hearth.bench.scenario;

import io.hearth.bench.load.Latencies;
import io.hearth.bench.load.LoadResult;
import io.hearth.bench.report.Latency;
import io.hearth.bench.report.SeriesReport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * A closed loop of API operations: {@code clients} virtual threads, each doing its operation back
 * to back, unmeasured for the warmup, then measured for the duration; bounded by {@link #MAX_OPS}
 * per client whatever the duration. Each operation's latency is timed at the client.
 */
final class LeaseLoop {
  /** Operations one client does at most in one phase: a bound on the load itself. */
  static final long MAX_OPS = 200_000;

  private LeaseLoop() {}

  /** One operation of client {@code client}; throws when it fails. */
  @FunctionalInterface
  interface Op {
    void run(int client) throws Exception;
  }

  /** A merged series: histogram, counts and measured seconds over every round. */
  static final class Series {
    final Histogram latency = LoadResult.histogram();
    long ops;
    long errors;
    double seconds;
    String firstError;

    SeriesReport report(String label, String side, int clients) {
      double throughput = seconds > 0 ? ops / seconds : 0;
      return new SeriesReport(label, side, "closed", clients, 0, ops, errors, 0, 0, Math.round(seconds * 1000) / 1000.0,
          Math.round(throughput * 1000) / 1000.0, Latency.of(latency), null, firstError, -1);
    }
  }

  /** Runs one phase into {@code into}. */
  static void run(BenchContext ctx, int clients, Op op, Series into) throws InterruptedException {
    Sizes s = ctx.sizes();
    long start = System.nanoTime();
    long measureFrom = start + s.warmup().toNanos();
    long end = measureFrom + s.duration().toNanos();
    AtomicLong ops = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    List<Histogram> hs = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Histogram h = LoadResult.histogram();
      hs.add(h);
      int client = c;
      threads.add(Thread.ofVirtual().name("bench-lease-client-" + c).start(() -> {
        for (long n = 0; n < MAX_OPS; n++) {
          long t = System.nanoTime();
          if (t >= end) {
            return;
          }
          try {
            op.run(client);
            long took = System.nanoTime() - t;
            if (t >= measureFrom) {
              Latencies.record(h, took);
              ops.incrementAndGet();
            }
          } catch (Exception e) {
            if (t >= measureFrom) {
              errors.incrementAndGet();
            }
            firstError.compareAndSet(null, String.valueOf(e));
            Latencies.pause(10); // a failing node is not hammered
          }
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    long measuredEnd = Math.min(System.nanoTime(), end);
    hs.forEach(into.latency::add);
    into.ops += ops.get();
    into.errors += errors.get();
    into.seconds += Math.max(0, measuredEnd - measureFrom) / 1e9;
    if (into.firstError == null) {
      into.firstError = firstError.get();
    }
  }
}
