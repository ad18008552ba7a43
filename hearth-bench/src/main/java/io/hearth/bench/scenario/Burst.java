package io.hearth.bench.scenario;

import io.hearth.bench.load.Latencies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * N copies of a task released at the same moment on platform threads, each timed from the
 * release to its end. Bounded: threads still running after {@link #WAIT} are abandoned (the tasks'
 * own timeouts end them).
 *
 * @param latencies nanoseconds from the release to the end of each task that succeeded
 */
record Burst(List<Long> latencies, long errors, String firstError) {
  private static final Duration WAIT = Duration.ofSeconds(90);

  /** One burst member's work; throws to count an error. */
  interface Task {
    void run() throws Exception;
  }

  static Burst run(int n, Task task) throws InterruptedException {
    CountDownLatch ready = new CountDownLatch(n);
    CountDownLatch go = new CountDownLatch(1);
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicLong errors = new AtomicLong();
    AtomicReference<String> first = new AtomicReference<>();
    AtomicLong released = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      threads.add(Thread.ofPlatform().daemon().name("bench-burst-" + i).start(() -> {
        try {
          ready.countDown();
          go.await();
          task.run();
          latencies.add(System.nanoTime() - released.get());
        } catch (Exception e) {
          errors.incrementAndGet();
          first.compareAndSet(null, e.toString());
        }
      }));
    }
    ready.await();
    Latencies.pause(20); // every thread is at the latch
    released.set(System.nanoTime());
    go.countDown();
    long deadline = System.nanoTime() + WAIT.toNanos();
    for (Thread t : threads) {
      t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    }
    return new Burst(List.copyOf(latencies), errors.get(), first.get());
  }
}
