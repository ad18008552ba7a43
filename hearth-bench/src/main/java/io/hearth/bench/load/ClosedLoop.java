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
 * Closed-loop load: N clients, each with its own kept-alive connection, each sending its next call
 * as soon as the previous one answered. Calls that start during the warm-up are not measured.
 * Bounded: no call starts after the end, the total number of calls is capped, and the watchdog
 * cuts any call that outlives the call timeout.
 */
public final class ClosedLoop {

  /**
   * @param maxCalls most calls in the whole phase, warm-up included
   */
  public record Spec(int clients, Duration warmup, Duration duration, long maxCalls, Duration callTimeout) {
    public Spec {
      if (clients < 1 || maxCalls < 1 || duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("a closed loop needs clients, calls and a duration: " + clients + ", "
            + maxCalls + ", " + duration);
      }
    }
  }

  private ClosedLoop() {}

  /**
   * Runs the phase on platform threads and returns when every client has stopped.
   *
   * @param endpointOf where client i sends its calls
   * @param callsOf    client i's calls (called once per client; the supplier is used by that client only)
   */
  public static LoadResult run(Spec spec, IntFunction<Endpoint> endpointOf, IntFunction<Supplier<Call>> callsOf)
      throws InterruptedException {
    long start = System.nanoTime();
    long measureFrom = start + spec.warmup().toNanos();
    long end = measureFrom + spec.duration().toNanos();
    long timeout = spec.callTimeout().toNanos();
    AtomicLong budget = new AtomicLong(spec.maxCalls());
    List<Watchdog.Slot> slots = new ArrayList<>();
    List<Client> clients = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    for (int i = 0; i < spec.clients(); i++) {
      Watchdog.Slot slot = new Watchdog.Slot();
      slots.add(slot);
      clients.add(new Client(endpointOf.apply(i), callsOf.apply(i), slot, measureFrom, end, budget, go));
    }
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients.size(); i++) {
      threads.add(Thread.ofPlatform().daemon().name("bench-client-" + i).start(clients.get(i)));
    }
    long cpu0 = ProcessCpu.nanos();
    long alloc0 = ThreadCost.processAllocatedBytes();
    try (Watchdog ignored = new Watchdog(slots, timeout, end + timeout)) {
      go.countDown();
      for (Thread t : threads) {
        t.join(Duration.ofNanos(Math.max(0, end + timeout - System.nanoTime())).plusSeconds(5));
      }
    }
    long cpu = ProcessCpu.nanos() - cpu0;
    long alloc1 = ThreadCost.processAllocatedBytes();
    Histogram all = LoadResult.histogram();
    long calls = 0;
    long ended = 0;
    long errors = 0;
    String firstError = null;
    long clientCpu = 0;
    long clientAlloc = 0;
    for (Client c : clients) {
      clientCpu = clientCpu < 0 || c.cpuNanos < 0 ? -1 : clientCpu + c.cpuNanos;
      clientAlloc = clientAlloc < 0 || c.allocatedBytes < 0 ? -1 : clientAlloc + c.allocatedBytes;
      all.add(c.latency);
      calls += c.ok;
      errors += c.errors;
      ended += c.ended;
      firstError = firstError != null ? firstError : c.firstError;
    }
    return new LoadResult("closed", spec.clients(), 0, calls, errors, 0, 0, (end - measureFrom) / 1e9, all, all,
        firstError, cpu0 < 0 ? -1 : cpu, ended, clientCpu, alloc0 < 0 ? -1 : alloc1 - alloc0, clientAlloc);
  }

  /** One client's loop; its counters are read after its thread ended. */
  private static final class Client implements Runnable {
    private final Endpoint endpoint;
    private final Supplier<Call> calls;
    private final Watchdog.Slot slot;
    private final long measureFrom;
    private final long end;
    private final AtomicLong budget;
    private final CountDownLatch go;
    final Histogram latency = LoadResult.histogram();
    long ok;
    long errors;
    long ended;
    String firstError;
    /** This client thread's own CPU and heap allocation over its loop (-1: unknown). */
    long cpuNanos = -1;
    long allocatedBytes = -1;

    Client(Endpoint endpoint, Supplier<Call> calls, Watchdog.Slot slot, long measureFrom, long end, AtomicLong budget,
        CountDownLatch go) {
      this.endpoint = endpoint;
      this.calls = calls;
      this.slot = slot;
      this.measureFrom = measureFrom;
      this.end = end;
      this.budget = budget;
      this.go = go;
    }

    @Override
    public void run() {
      try {
        go.await();
      } catch (InterruptedException e) {
        return;
      }
      long cpu0 = ThreadCost.threadCpuNanos();
      long alloc0 = ThreadCost.threadAllocatedBytes();
      try {
        loop();
      } finally {
        long cpu1 = ThreadCost.threadCpuNanos();
        long alloc1 = ThreadCost.threadAllocatedBytes();
        cpuNanos = cpu0 < 0 ? -1 : cpu1 - cpu0;
        allocatedBytes = alloc0 < 0 ? -1 : alloc1 - alloc0;
      }
    }

    private void loop() {
      WireConnection conn = null;
      while (System.nanoTime() - end < 0 && budget.decrementAndGet() >= 0) {
        Call call = calls.get();
        long t0 = System.nanoTime();
        try {
          if (conn == null || !conn.isOpen()) {
            conn = WireConnection.open(endpoint);
            slot.connection = conn;
            t0 = System.nanoTime(); // connecting is not part of the call
          }
          slot.since = t0;
          int status = conn.exchange(call);
          long t1 = System.nanoTime();
          slot.since = 0;
          ended++;
          if (t0 - measureFrom >= 0) {
            if (status == 200) {
              Latencies.record(latency, t1 - t0);
              ok++;
            } else {
              fail("status " + status + " from " + endpoint);
            }
          }
        } catch (IOException e) {
          slot.since = 0;
          if (t0 - measureFrom >= 0) {
            fail(e + " on " + endpoint);
          } else if (firstError == null) {
            firstError = "(warm-up) " + e + " on " + endpoint;
          }
          if (conn != null) {
            conn.abort();
          }
          conn = null;
          Latencies.pause(10); // a refused connection must not spin
        }
      }
      if (conn != null) {
        conn.close();
      }
    }

    private void fail(String what) {
      errors++;
      if (firstError == null || firstError.startsWith("(warm-up)")) {
        firstError = what;
      }
    }
  }
}
