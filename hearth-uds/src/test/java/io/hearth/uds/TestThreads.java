package io.hearth.uds;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Waiting for a thread of a test to block where the test expects it. */
final class TestThreads {
  private TestThreads() {}

  /** Waits (up to 10 s) until {@code t} is blocked in a method whose name starts with {@code inMethod}. */
  static void awaitBlocked(Thread t, String inMethod) throws InterruptedException {
    Predicate<Thread> blocked = th -> {
      StackTraceElement[] stack = th.getStackTrace();
      boolean there = Arrays.stream(stack).anyMatch(e -> e.getMethodName().startsWith(inMethod));
      boolean waiting = th.isVirtual()
          ? th.getState() == Thread.State.WAITING
          : stack.length > 0 && stack[0].isNativeMethod();
      return there && waiting;
    };
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!blocked.test(t)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("thread never blocked in " + inMethod);
      }
      Thread.sleep(5);
    }
  }
}
