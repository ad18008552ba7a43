package io.hearth.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.agent.FreezerCgroups.Mount;
import io.hearth.agent.FreezerCgroups.Version;
import io.hearth.core.driver.ContainerState;
import io.hearth.core.driver.DriverException;
import io.hearth.docker.DockerDriver;
import io.hearth.docker.OutputListener;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.docker.testing.fn.TickMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cgroup freezer on the real kernel and engine, through every freezer hierarchy this machine
 * mounts (the v1 freezer, and cgroup2 when it is mounted too, as in the hybrid layout): a frozen
 * container writes nothing, the engine still reports it running, and the engine can kill and
 * remove it while frozen.
 */
class CgroupFreezerIntegrationTest {
  static DockerDriver driver;
  static String tick;
  static List<Mount> mounts;
  @TempDir Path tmp;
  int made;

  @BeforeAll
  static void setUp() throws IOException {
    driver = TestDocker.driver();
    tick = TestImages.functionImage("tick", TickMain.class.getName(), TickMain.class);
    mounts = FreezerCgroups.mounts(Files.readString(Path.of("/proc/self/mountinfo"))).stream()
        .filter(m -> Files.isWritable(m.mountPoint())).toList();
  }

  /** Skips a test that freezes through the machine's own cgroups; the engine's pause needs none. */
  static void needsAWritableFreezer() {
    Assumptions.assumeFalse(mounts.isEmpty(), "no writable cgroup freezer on this machine (needs root)");
  }

  static CgroupFreezer freezer(Mount m) {
    return new CgroupFreezer(m, Path.of("/proc"), driver::pid, new EngineFreezer(driver), System::nanoTime,
        CgroupFreezer.DEFAULT_TIMEOUT);
  }

  TestFnContainer ticking(OutputListener listener) throws InterruptedException {
    return TestFnContainer.start(driver, tick, tmp.resolve("t" + made++), Map.of("TICK_MS", "20"), listener, false);
  }

  /** Counts stdout lines. */
  static final class Lines implements OutputListener {
    final AtomicInteger count = new AtomicInteger();

    @Override
    public void output(int stream, byte[] buffer, int offset, int length) {
      if (stream == 1) {
        for (int i = offset; i < offset + length; i++) {
          if (buffer[i] == '\n') {
            count.incrementAndGet();
          }
        }
      }
    }

    void awaitAbove(int n) throws InterruptedException {
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (count.get() <= n && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(count.get()).as("lines written").isGreaterThan(n);
    }
  }

  @Test
  void aFrozenContainerWritesNothingAndTheEngineStillSeesItRunning() throws Exception {
    needsAWritableFreezer();
    for (Mount m : mounts) {
      CgroupFreezer f = freezer(m);
      Lines lines = new Lines();
      try (TestFnContainer c = ticking(lines)) {
        lines.awaitAbove(3);
        f.freeze(c.id);
        f.freeze(c.id); // idempotent
        Path dir = f.locate(c.id);
        if (m.version() == Version.V1) {
          assertThat(Files.readString(dir.resolve("freezer.state")).strip()).isEqualTo("FROZEN");
        } else {
          assertThat(Files.readString(dir.resolve("cgroup.events"))).contains("frozen 1");
        }
        Thread.sleep(60); // a line written just before the freeze may still be on its way
        int frozenAt = lines.count.get();
        Thread.sleep(300);
        assertThat(lines.count.get()).as(m.version() + ": lines while frozen").isEqualTo(frozenAt);
        ContainerState seen = driver.inspect(c.id);
        System.out.println(m.version() + " cgroup-frozen container as the engine reports it: " + seen);
        assertThat(seen.running()).isTrue();
        assertThat(seen.paused()).as("the engine does not know about a cgroup freeze").isFalse();
        f.thaw(c.id);
        f.thaw(c.id); // idempotent
        lines.awaitAbove(frozenAt);
      }
    }
  }

  @Test
  void theEngineKillsAndRemovesAFrozenContainer() throws Exception {
    needsAWritableFreezer();
    for (Mount m : mounts) {
      CgroupFreezer f = freezer(m);
      Lines running = new Lines();
      try (TestFnContainer c = ticking(running)) {
        running.awaitAbove(1); // its process runs: ticks arrive
        f.freeze(c.id);
        try {
          driver.pause(c.id);
          System.out.println(m.version() + ": the engine paused a cgroup-frozen container");
          driver.unpause(c.id);
        } catch (DriverException e) {
          System.out.println(m.version() + ": the engine refuses to pause a cgroup-frozen container: " + e.getMessage());
        }
        long t0 = System.nanoTime();
        driver.kill(c.id);
        ContainerState dead = awaitExit(c.id);
        System.out.printf("%s: kill of a frozen container: exit %d after %.1f ms%n", m.version(), dead.exitCode(),
            (System.nanoTime() - t0) / 1e6);
        assertThat(dead.exitCode()).isEqualTo(137);
      }
      Lines ticking = new Lines();
      TestFnContainer c = ticking(ticking);
      ticking.awaitAbove(1);
      f.freeze(c.id);
      long t0 = System.nanoTime();
      driver.remove(c.id);
      System.out.printf("%s: remove of a frozen container took %.1f ms%n", m.version(), (System.nanoTime() - t0) / 1e6);
      assertThat(driver.inspect(c.id)).isEqualTo(ContainerState.gone());
      try {
        f.thaw(c.id);
      } catch (DriverException e) {
        assertThat(e.kind()).isEqualTo(DriverException.Kind.NO_SUCH_CONTAINER); // or the engine's: gone
      }
    }
  }

  @Test
  void aContainerWhoseCgroupIsNotFoundIsPausedByTheEngine() throws Exception {
    Mount nowhere = new Mount(Version.V1, "/", Files.createDirectories(tmp.resolve("no-freezer")));
    CgroupFreezer f = new CgroupFreezer(nowhere, Path.of("/proc"), driver::pid, new EngineFreezer(driver),
        System::nanoTime, CgroupFreezer.DEFAULT_TIMEOUT);
    try (TestFnContainer c = ticking(null)) {
      f.freeze(c.id);
      assertThat(driver.inspect(c.id).paused()).isTrue();
      f.thaw(c.id);
      assertThat(driver.inspect(c.id).paused()).isFalse();
    }
  }

  @Test
  void theChosenFreezerThawsAFunctionThatAnswersAtOnce() throws Exception {
    needsAWritableFreezer();
    Freezer f = Freezers.choose(Freezers.Method.AUTO, driver, driver::pid, io.hearth.core.time.Clock.system());
    System.out.println("chosen: " + f);
    assertThat(f).isInstanceOf(CgroupFreezer.class);
    try (TestFnContainer c = TestFnContainer.start(driver, TestFnContainer.testFnImage(), tmp.resolve("fn"), Map.of(),
        null, true)) {
      assertThat(c.call("echo\nwarm")).isEqualTo("200 warm");
      for (int i = 0; i < 20; i++) {
        f.freeze(c.id);
        f.thaw(c.id);
        assertThat(c.call("echo\nthawed " + i)).isEqualTo("200 thawed " + i);
      }
    }
  }

  static ContainerState awaitExit(String id) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    ContainerState s = driver.inspect(id);
    while (s.running() && System.nanoTime() < deadline) {
      Thread.sleep(5);
      s = driver.inspect(id);
    }
    assertThat(s.running()).as("container %s still running 30 s after kill", id).isFalse();
    return s;
  }
}
