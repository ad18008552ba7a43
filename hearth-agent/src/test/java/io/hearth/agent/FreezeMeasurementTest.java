package io.hearth.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.agent.FreezerCgroups.Mount;
import io.hearth.docker.DockerDriver;
import io.hearth.docker.testing.TestDocker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures freeze, thaw, and a call right after the thaw, for each freezer this machine offers
 * (cgroup v1, cgroup v2 when mounted, the engine's pause), on one warm TestFn container with a
 * kept-alive connection, methods interleaved cycle by cycle so drift hits them alike. Prints
 * figures; asserts only that calls succeed. Run with {@code -Dhearth.measure=true}
 * ({@code -Dhearth.measure.cycles=N}, default 200; {@code -Dhearth.measure.only=V1,engine} for the
 * methods whose name contains one of those).
 */
@EnabledIfSystemProperty(named = "hearth.measure", matches = "true")
class FreezeMeasurementTest {
  static final int CYCLES = Integer.getInteger("hearth.measure.cycles", 200);
  static final int WARMUP = 30;
  @TempDir Path tmp;

  @Test
  void measure() throws Exception {
    DockerDriver driver = TestDocker.driver();
    Map<String, Freezer> freezers = new LinkedHashMap<>();
    for (Mount m : FreezerCgroups.mounts(Files.readString(Path.of("/proc/self/mountinfo")))) {
      if (Files.isWritable(m.mountPoint())) {
        freezers.put("cgroup " + m.version(), new CgroupFreezer(m, Path.of("/proc"), driver::pid,
            new EngineFreezer(driver), System::nanoTime, CgroupFreezer.DEFAULT_TIMEOUT));
      }
    }
    freezers.put("engine API", new EngineFreezer(driver));
    List<String> only = List.of(System.getProperty("hearth.measure.only", "").split(","));
    freezers.keySet().removeIf(k -> only.stream().noneMatch(k::contains));
    Map<String, List<long[]>> samples = new LinkedHashMap<>();
    List<Long> warm = new ArrayList<>();
    try (TestFnContainer c = TestFnContainer.start(driver, TestFnContainer.testFnImage(), tmp.resolve("m"), Map.of(),
        null, true)) {
      for (int i = 0; i < 500; i++) { // let the function's JIT settle
        assertThat(c.call("echo\nx")).isEqualTo("200 x");
      }
      for (int i = 0; i < WARMUP + CYCLES; i++) {
        long w0 = System.nanoTime();
        assertThat(c.call("echo\nx")).isEqualTo("200 x");
        long w1 = System.nanoTime();
        if (i >= WARMUP) {
          warm.add(w1 - w0);
        }
        for (var e : freezers.entrySet()) {
          long t0 = System.nanoTime();
          e.getValue().freeze(c.id);
          long t1 = System.nanoTime();
          LockSupport.parkNanos(2_000_000); // idle, frozen
          long t2 = System.nanoTime();
          e.getValue().thaw(c.id);
          long t3 = System.nanoTime();
          assertThat(c.call("echo\nx")).isEqualTo("200 x");
          long t4 = System.nanoTime();
          if (i >= WARMUP) {
            samples.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                .add(new long[] {t1 - t0, t3 - t2, t4 - t3, t4 - t2});
          }
        }
      }
    }
    System.out.printf("%d cycles, figures in microseconds: median / p99 / max; load average %s, %d CPUs%n", CYCLES,
        Files.readString(Path.of("/proc/loadavg")).strip(), Runtime.getRuntime().availableProcessors());
    System.out.printf("%-12s warm call (no freeze) %s%n", "baseline", stats(warm.stream().mapToLong(x -> x).toArray()));
    samples.forEach((k, s) -> System.out.printf("%-12s freeze %s | thaw %s | call after thaw %s | thaw+call %s%n", k,
        stats(column(s, 0)), stats(column(s, 1)), stats(column(s, 2)), stats(column(s, 3))));
  }

  private static long[] column(List<long[]> s, int k) {
    return s.stream().mapToLong(x -> x[k]).toArray();
  }

  private static String stats(long[] nanos) {
    long[] v = nanos.clone();
    Arrays.sort(v);
    return String.format("%7.1f / %7.1f / %7.1f", v[v.length / 2] / 1e3, v[(int) Math.ceil(v.length * 0.99) - 1] / 1e3,
        v[v.length - 1] / 1e3);
  }
}
