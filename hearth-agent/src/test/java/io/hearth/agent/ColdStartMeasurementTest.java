package io.hearth.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.driver.ContainerSpec;
import io.hearth.core.time.Clock;
import io.hearth.core.time.TimerThread;
import io.hearth.docker.DockerDriver;
import io.hearth.docker.OutputFollower;
import io.hearth.docker.testing.TestDocker;
import io.hearth.uds.UdsConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steps of a cold start on the real engine, timed one by one, for the launcher's sequence and
 * the engine alone, interleaved round by round (docs/benchmarks/cold-start.md). Each variant runs
 * on a virtual thread, as launches do. Run with {@code -Dhearth.measure=true}
 * ({@code -Dhearth.measure.rounds=N}).
 */
@EnabledIfSystemProperty(named = "hearth.measure", matches = "true")
class ColdStartMeasurementTest {
  @TempDir Path tmp;

  /** One way to start a container; returns the step durations in nanoseconds, by name. */
  interface Variant {
    Map<String, Long> run(DockerDriver driver, SocketWatcher watcher, String image, Path dir) throws Exception;
  }

  @Test
  void measure() throws Exception {
    int rounds = Integer.getInteger("hearth.measure.rounds", 12);
    DockerDriver driver = TestDocker.driver();
    String image = TestFnContainer.testFnImage();
    Map<String, Variant> variants = new LinkedHashMap<>();
    variants.put("engine alone (create, start, poll)", (d, w, img, dir) -> steps(d, w, img, dir, false, false,
        Ready.POLL));
    variants.put("launcher before (image check, attach, watch)", (d, w, img, dir) -> steps(d, w, img, dir, true, true,
        Ready.WATCH));
    variants.put("launcher after (attach, watch)", (d, w, img, dir) -> steps(d, w, img, dir, false, true, Ready.WATCH));
    variants.put("launcher without attach (watch)", (d, w, img, dir) -> steps(d, w, img, dir, false, false,
        Ready.WATCH));
    Map<String, List<Map<String, Long>>> samples = new LinkedHashMap<>();
    try (TimerThread timer = TimerThread.start("measure-timer");
        SocketWatcher watcher = new SocketWatcher(Clock.system(), timer)) {
      for (int i = 0; i < rounds + 1; i++) {
        List<String> order = new ArrayList<>(variants.keySet());
        if (i % 2 == 1) {
          java.util.Collections.reverse(order);
        }
        for (String name : order) {
          Path dir = tmp.resolve("r" + i + "-" + Math.abs(name.hashCode()));
          AtomicReference<Object> out = new AtomicReference<>();
          Thread t = Thread.ofVirtual().start(() -> {
            try {
              out.set(variants.get(name).run(driver, watcher, image, dir));
            } catch (Exception e) {
              out.set(e);
            }
          });
          t.join(Duration.ofSeconds(60));
          if (out.get() instanceof Exception e) {
            throw e;
          }
          @SuppressWarnings("unchecked") Map<String, Long> s = (Map<String, Long>) out.get();
          if (i > 0) {
            samples.computeIfAbsent(name, k -> new ArrayList<>()).add(s);
          }
        }
      }
    }
    System.out.printf("load average %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
    samples.forEach((name, list) -> {
      StringBuilder sb = new StringBuilder(String.format("%-46s", name));
      for (String step : list.getFirst().keySet()) {
        long[] v = list.stream().mapToLong(m -> m.get(step)).sorted().toArray();
        sb.append(String.format(" | %s %.1f", step, v[v.length / 2] / 1e6));
      }
      System.out.println(sb + " ms (medians of " + list.size() + ")");
    });
    assertThat(samples).hasSize(variants.size());
  }

  /**
   * A call after idle gaps, as the node sees them: 10 ms (not frozen), 150 ms not frozen, and 150 ms
   * frozen at 50 ms (the node's grace), thawed by path (before), through the freeze's open file
   * (after), or thawed while the call is sent; interleaved sample by sample.
   */
  @Test
  void thaw() throws Exception {
    int samples = Integer.getInteger("hearth.measure.samples", 100);
    DockerDriver driver = TestDocker.driver();
    Freezer chosen = Freezers.choose(Freezers.Method.AUTO, driver, driver::pid, Clock.system());
    assertThat(chosen).isInstanceOf(CgroupFreezer.class);
    CgroupFreezer freezer = (CgroupFreezer) chosen;
    String[] names = {"call after 10 ms idle", "call after 150 ms idle, not frozen",
        "150 ms idle, frozen: thaw by path + call", "150 ms idle, frozen: thaw on open file + call",
        "150 ms idle, frozen: thaw alongside the call", "thaw by path alone", "thaw on open file alone"};
    long[][] v = new long[names.length][samples];
    try (TestFnContainer c = TestFnContainer.start(driver, TestFnContainer.testFnImage(), tmp.resolve("thaw"),
        Map.of(), null, true)) {
      c.call("warm");
      for (int i = -10; i < samples; i++) {
        long[] one = new long[names.length];
        for (int k = 0; k < 5; k++) {
          int variant = (k + Math.max(i, 0)) % 5;
          switch (variant) {
            case 0 -> { Thread.sleep(10); one[0] = timed(c); }
            case 1 -> { Thread.sleep(150); one[1] = timed(c); }
            default -> {
              Thread.sleep(50);
              freezer.freeze(c.id);
              Thread.sleep(100);
              long t0 = System.nanoTime();
              if (variant == 4) {
                Thread t = Thread.ofVirtual().start(() -> freezer.thaw(c.id));
                c.call("x");
                t.join();
              } else {
                if (variant == 2) {
                  freezer.thawByPath(c.id);
                } else {
                  freezer.thaw(c.id);
                }
                one[variant == 2 ? 5 : 6] = System.nanoTime() - t0;
                c.call("x");
              }
              one[variant] = System.nanoTime() - t0;
            }
          }
        }
        if (i >= 0) {
          for (int n = 0; n < names.length; n++) {
            v[n][i] = one[n];
          }
        }
      }
    }
    System.out.printf("load average %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
    for (int n = 0; n < names.length; n++) {
      long[] s = v[n].clone();
      java.util.Arrays.sort(s);
      System.out.printf("%-48s p50 %6.1f us  p90 %6.1f us%n", names[n], s[samples / 2] / 1e3, s[samples * 9 / 10] / 1e3);
    }
  }

  private static long timed(TestFnContainer c) throws java.io.IOException {
    long t0 = System.nanoTime();
    c.call("x");
    return System.nanoTime() - t0;
  }

  enum Ready { POLL, WATCH }

  private static Map<String, Long> steps(DockerDriver driver, SocketWatcher watcher, String image, Path dir,
      boolean imageCheck, boolean attach, Ready ready) throws Exception {
    Map<String, Long> s = new LinkedHashMap<>();
    long i0 = System.nanoTime();
    if (imageCheck) {
      assertThat(driver.imageExists(image)).isTrue(); // what ensureImage asks when its 10 s cache has expired
    }
    long t0 = System.nanoTime();
    s.put("image check", t0 - i0);
    Files.createDirectory(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    SocketWatcher.Registration watch = ready == Ready.POLL ? null : watcher.register(dir);
    long t1 = System.nanoTime();
    s.put("prepare", t1 - t0);
    String id = driver.create(new ContainerSpec("hearth-test-cold-" + UUID.randomUUID(), image,
        Map.of("FN_LISTENER", "unix:/tmp/iofs/lsnr.sock", "FN_FORMAT", "http-stream"), TestDocker.labels(), dir,
        128L << 20, 0, 64, 350, true, 0, "1000:1000"));
    OutputFollower f = null;
    try {
      long t2 = System.nanoTime();
      s.put("create", t2 - t1);
      if (attach) {
        CallLog log = CallLog.withDefaults(System::nanoTime);
        f = driver.followOutput(id, log::accept);
      }
      long t3 = System.nanoTime();
      s.put("attach", t3 - t2);
      driver.start(id);
      long t4 = System.nanoTime();
      s.put("start", t4 - t3);
      SocketRules.Check check = switch (ready) {
        case POLL -> poll(dir);
        case WATCH -> watch.await(Duration.ofSeconds(30), () -> false);
      };
      long t5 = System.nanoTime();
      s.put("ready", t5 - t4);
      try (UdsConnection c = UdsConnection.open(((SocketRules.Check.Ready) check).socket())) {
        long t6 = System.nanoTime();
        s.put("connect", t6 - t5);
        s.put("total", t6 - i0);
      }
    } finally {
      if (watch != null) {
        watch.close();
      }
      if (f != null) {
        f.close();
      }
      driver.remove(id);
    }
    return s;
  }

  private static SocketRules.Check poll(Path dir) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      SocketRules.Check c = SocketRules.check(dir);
      if (c instanceof SocketRules.Check.Ready || System.nanoTime() > deadline) {
        return c;
      }
      Thread.sleep(0, 500_000);
    }
  }
}
