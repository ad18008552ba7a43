package io.hearth.samples;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Resource probes for {@link TestFn}: native memory and platform threads, the two limits a
 * container enforces. Stateless; each probe releases what it took before returning.
 */
final class Probes {
  /** Linux's base page size; touching one byte per page makes the kernel back the whole page. */
  private static final int PAGE = 4096;
  /** Stack of each probe thread: they only sleep, and small stacks keep memory out of the pids test. */
  private static final long THREAD_STACK = 64 * 1024;

  private Probes() {}

  /**
   * Allocates {@code megabytes} outside the Java heap and writes every page, so that the memory is
   * really resident (and the kernel's OOM killer acts under a memory limit). Frees it afterwards.
   */
  static void allocateAndTouch(int megabytes) {
    long bytes = (long) megabytes << 20;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment segment = arena.allocate(bytes, PAGE);
      for (long offset = 0; offset < bytes; offset += PAGE) {
        segment.set(ValueLayout.JAVA_BYTE, offset, (byte) 1);
      }
    }
  }

  /** What {@link #startThreads} achieved. */
  record ThreadCount(int started, String failure) {}

  /**
   * Starts up to {@code count} platform threads that sleep, all alive at once, and stops them
   * again; reports how many started before the first failure (a pids limit: "unable to create
   * native thread").
   */
  static ThreadCount startThreads(int count) throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>(count);
    String failure = null;
    try {
      for (int i = 0; i < count; i++) {
        Thread t = Thread.ofPlatform().daemon().name("testfn-probe-" + i).stackSize(THREAD_STACK).unstarted(() -> {
          try {
            release.await();
          } catch (InterruptedException ignored) {
            // released either way
          }
        });
        t.start();
        threads.add(t);
      }
    } catch (OutOfMemoryError | RuntimeException e) { // thread creation fails with OutOfMemoryError
      failure = e.toString();
    } finally {
      release.countDown();
      for (Thread t : threads) {
        t.join();
      }
    }
    return new ThreadCount(threads.size(), failure);
  }
}
