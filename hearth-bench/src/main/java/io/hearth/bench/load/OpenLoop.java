package io.hearth.bench.load;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Open-loop load at a fixed rate: call i is due at {@code start + i / rate} whatever happened to
 * the calls before it, and its latency runs from that intended time, so a stall delays and counts
 * against every call due during it (no coordinated omission, as in wrk2). Up to {@code connections}
 * calls are in flight; when all are busy, due calls wait, and their wait is measured. Bounded: no
 * call is due after the end, and the watchdog cuts everything at the end plus the call timeout.
 */
public final class OpenLoop {
  private static final long LATE_NANOS = 1_000_000;

  public record Spec(double rate, int connections, Duration warmup, Duration duration, Duration callTimeout) {
    public Spec {
      if (!(rate > 0) || connections < 1 || duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("an open loop needs a rate, connections and a duration: " + rate + ", "
            + connections + ", " + duration);
      }
    }
  }

  private OpenLoop() {}

  /**
   * Runs the phase on platform threads and returns when every worker has stopped.
   *
   * @param endpointOf where worker (connection) i sends its calls
   */
  public static LoadResult run(Spec spec, IntFunction<Endpoint> endpointOf, Supplier<Call> calls)
      throws InterruptedException {
    long start = System.nanoTime() + 20_000_000; // a moment for the threads to start
    long measureFrom = start + spec.warmup().toNanos();
    long end = measureFrom + spec.duration().toNanos();
    long hardStop = end + spec.callTimeout().toNanos();
    double interval = 1e9 / spec.rate();
    AtomicLong tickets = new AtomicLong();
    List<Watchdog.Slot> slots = new ArrayList<>();
    List<Worker> workers = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    for (int i = 0; i < spec.connections(); i++) {
      Watchdog.Slot slot = new Watchdog.Slot();
      slots.add(slot);
      workers.add(new Worker(endpointOf.apply(i), calls, slot, tickets, start, interval, measureFrom, end, hardStop,
          go));
    }
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < workers.size(); i++) {
      threads.add(Thread.ofPlatform().daemon().name("bench-open-" + i).start(workers.get(i)));
    }
    long cpu0 = ProcessCpu.nanos();
    try (Watchdog ignored = new Watchdog(slots, spec.callTimeout().toNanos(), hardStop)) {
      go.countDown();
      for (Thread t : threads) {
        t.join(Duration.ofNanos(Math.max(0, hardStop - System.nanoTime())).plusSeconds(5));
      }
    }
    long cpu = ProcessCpu.nanos() - cpu0;
    Histogram latency = LoadResult.histogram();
    Histogram service = LoadResult.histogram();
    long ended = 0;
    long ok = 0;
    long errors = 0;
    long unsent = 0;
    long late = 0;
    String firstError = null;
    for (Worker w : workers) {
      latency.add(w.latency);
      service.add(w.service);
      ok += w.ok;
      errors += w.errors;
      unsent += w.unsent;
      late += w.late;
      ended += w.ended;
      firstError = firstError != null ? firstError : w.firstError;
    }
    return new LoadResult("open", spec.connections(), spec.rate(), ok, errors, unsent, late,
        (end - measureFrom) / 1e9, latency, service, firstError, cpu0 < 0 ? -1 : cpu, ended);
  }

  /** Takes the next due call, waits for its time, sends it; its counters are read after its thread ended. */
  private static final class Worker implements Runnable {
    private final Endpoint endpoint;
    private final Supplier<Call> calls;
    private final Watchdog.Slot slot;
    private final AtomicLong tickets;
    private final long start;
    private final double interval;
    private final long measureFrom;
    private final long end;
    private final long hardStop;
    private final CountDownLatch go;
    final Histogram latency = LoadResult.histogram();
    final Histogram service = LoadResult.histogram();
    long ok;
    long errors;
    long unsent;
    long late;
    long ended;
    String firstError;

    Worker(Endpoint endpoint, Supplier<Call> calls, Watchdog.Slot slot, AtomicLong tickets, long start, double interval,
        long measureFrom, long end, long hardStop, CountDownLatch go) {
      this.endpoint = endpoint;
      this.calls = calls;
      this.slot = slot;
      this.tickets = tickets;
      this.start = start;
      this.interval = interval;
      this.measureFrom = measureFrom;
      this.end = end;
      this.hardStop = hardStop;
      this.go = go;
    }

    @Override
    public void run() {
      try {
        go.await();
      } catch (InterruptedException e) {
        return;
      }
      WireConnection conn = null;
      while (true) {
        long due = start + (long) (tickets.getAndIncrement() * interval);
        if (due - end >= 0) {
          break;
        }
        boolean measured = due - measureFrom >= 0;
        if (System.nanoTime() - hardStop >= 0) {
          if (measured) {
            unsent++;
          }
          continue; // count the rest of the due calls as unsent, without sending
        }
        Call call = calls.get();
        try {
          if (conn == null || !conn.isOpen()) {
            conn = WireConnection.open(endpoint);
            slot.connection = conn;
          }
          Latencies.waitUntil(due);
          long sent = System.nanoTime();
          slot.since = sent;
          int status = conn.exchange(call);
          long done = System.nanoTime();
          slot.since = 0;
          ended++;
          if (measured) {
            if (status == 200) {
              Latencies.record(latency, done - due);
              Latencies.record(service, done - sent);
              ok++;
              if (sent - due > LATE_NANOS) {
                late++;
              }
            } else {
              fail("status " + status + " from " + endpoint);
            }
          }
        } catch (IOException e) {
          slot.since = 0;
          if (measured) {
            fail(e + " on " + endpoint);
          }
          if (conn != null) {
            conn.abort();
          }
          conn = null;
          Latencies.pause(10);
        }
      }
      if (conn != null) {
        conn.close();
      }
    }

    private void fail(String what) {
      errors++;
      if (firstError == null) {
        firstError = what;
      }
    }
  }
}
