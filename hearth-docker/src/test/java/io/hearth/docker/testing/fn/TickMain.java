package io.hearth.docker.testing.fn;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A function image's main for tests: writes {@code start} to stdout and {@code start-err} to stderr
 * at once, then one line {@code tick <n> <epoch micros><padding>} to stdout every {@code TICK_MS}
 * (default 1000) ms, every third one also as {@code err <n>} to stderr; exits 0 after
 * {@code TICK_COUNT} ticks (default: never). {@code TICK_PAD} adds that many '.' to each tick line.
 * Needs only {@code java.base}.
 */
public final class TickMain {
  private TickMain() {}

  public static void main(String[] args) throws Exception {
    long intervalMs = Long.parseLong(env("TICK_MS", "1000"));
    long count = Long.parseLong(env("TICK_COUNT", "-1"));
    String pad = ".".repeat(Integer.parseInt(env("TICK_PAD", "0")));
    System.out.println("start");
    System.out.flush();
    System.err.println("start-err");
    System.err.flush();
    for (long n = 0; count < 0 || n < count; n++) {
      Thread.sleep(intervalMs);
      long micros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
      System.out.println("tick " + n + " " + micros + pad);
      System.out.flush();
      if (n % 3 == 2) {
        System.err.println("err " + n);
        System.err.flush();
      }
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isEmpty() ? fallback : v;
  }
}
