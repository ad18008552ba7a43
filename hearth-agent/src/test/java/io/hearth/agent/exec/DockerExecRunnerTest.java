package io.hearth.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.core.driver.ContainerSpec;
import io.hearth.core.driver.DriverException;
import io.hearth.core.lease.ExecLaunch;
import io.hearth.core.lease.ExecOutcome;
import io.hearth.core.lease.ExecOutcome.End;
import io.hearth.core.lease.ExecRunner.ExecContainer;
import io.hearth.core.ledger.Resources;
import io.hearth.testkit.driver.FakeBehavior;
import io.hearth.testkit.driver.FakeContainerDriver;
import io.hearth.testkit.time.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DockerExecRunner's decisions over the fake driver and a manual clock. */
class DockerExecRunnerTest {
  @TempDir Path dir;
  final ManualClock clock = new ManualClock();
  final FakeContainerDriver driver = new FakeContainerDriver(clock);
  final ExecSettings settings = new ExecSettings("n1", Map.of("team", "batch"), 64, 350, true, "", Duration.ofMinutes(1),
      ExecSettings.DEFAULT_MAX_LOG_BYTES);
  DockerExecRunner runner = new DockerExecRunner(settings, driver, clock, clock);

  @AfterEach
  void close() {
    runner.close();
  }

  ExecLaunch launch(String execId, Optional<Duration> timeout, Map<String, String> labels) {
    return new ExecLaunch("n1.a1", execId, "busybox", List.of("sh", "-c", "echo hi"), Map.of("K", "v"),
        new Resources(16L << 20, 500), labels, timeout, dir.resolve("scratch"), dir.resolve("logs/" + execId + ".log"));
  }

  ExecLaunch launch(String execId) {
    return launch(execId, Optional.empty(), Map.of());
  }

  static final class Ends implements Consumer<ExecOutcome> {
    final List<ExecOutcome> all = new CopyOnWriteArrayList<>();
    final CompletableFuture<ExecOutcome> first = new CompletableFuture<>();

    @Override
    public void accept(ExecOutcome o) {
      all.add(o);
      first.complete(o);
    }

    ExecOutcome await() throws Exception {
      return first.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void exitCodeAndOutputReachTheOutcomeAndTheLog() throws Exception {
    Ends ends = new Ends();
    ExecLaunch l = launch("e1");
    String id = runner.start(l, ends);
    driver.write(id, "hi\n");
    driver.exit(id, 3);
    ExecOutcome o = ends.await();
    assertThat(o.end()).isEqualTo(End.FAILED);
    assertThat(o.exitCode()).hasValue(3);
    assertThat(o.oom()).isFalse();
    assertThat(o.error()).contains("exited with code 3");
    assertThat(o.finishedAt()).isEqualTo(clock.instant());
    assertThat(Files.readString(l.logFile())).isEqualTo("hi\n");
    assertThat(Files.isDirectory(l.scratchDir())).isTrue();
    assertThat(runner.following()).isZero();
  }

  @Test
  void exitZeroSucceeds() throws Exception {
    Ends ends = new Ends();
    String id = runner.start(launch("e1"), ends);
    driver.exit(id, 0);
    ExecOutcome o = ends.await();
    assertThat(o.end()).isEqualTo(End.SUCCEEDED);
    assertThat(o.exitCode()).hasValue(0);
    assertThat(o.error()).isEmpty();
  }

  @Test
  void outOfMemoryFailsSayingSo() throws Exception {
    Ends ends = new Ends();
    String id = runner.start(launch("e1"), ends);
    driver.oomKill(id);
    ExecOutcome o = ends.await();
    assertThat(o.end()).isEqualTo(End.FAILED);
    assertThat(o.oom()).isTrue();
    assertThat(o.error()).contains("ran out of memory").contains("16 MiB");
  }

  @Test
  void killEndsItKilledWithTheReasonOnce() throws Exception {
    Ends ends = new Ends();
    String id = runner.start(launch("e1"), ends);
    runner.kill(id, "its alloc was freed");
    ExecOutcome o = ends.await();
    assertThat(o.end()).isEqualTo(End.KILLED);
    assertThat(o.error()).isEqualTo("its alloc was freed");
    assertThat(o.exitCode()).isEmpty();
    runner.kill(id, "again"); // an ended container is fine
    driver.exit(id, 0);
    assertThat(ends.all).hasSize(1);
  }

  @Test
  void timeoutKillsItOnTheSchedulersTime() throws Exception {
    Ends ends = new Ends();
    runner.start(launch("e1", Optional.of(Duration.ofSeconds(30)), Map.of()), ends);
    clock.advance(Duration.ofSeconds(29));
    assertThat(ends.first).isNotDone();
    clock.advance(Duration.ofSeconds(1));
    ExecOutcome o = ends.await();
    assertThat(o.end()).isEqualTo(End.KILLED);
    assertThat(o.error()).isEqualTo("ran past its timeout of 30 s");
  }

  @Test
  void containerCarriesExecLabelsNotTheFunctionNodeLabelAndTheNodesHardening() {
    String id = runner.start(launch("e1", Optional.empty(),
        Map.of("stage", "align", "io.hearth.alloc", "forged", "io.hearth.node", "n1")), new Ends());
    ContainerSpec spec = driver.byName("hearth-exec-e1").orElseThrow().spec();
    assertThat(spec.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("io.hearth.exec.node", "n1",
        "io.hearth.alloc", "n1.a1", "io.hearth.exec", "e1", "team", "batch", "stage", "align"));
    assertThat(spec.socketDir()).isNull();
    assertThat(spec.cmd()).containsExactly("sh", "-c", "echo hi");
    assertThat(spec.mounts()).containsExactly(new ContainerSpec.Mount(dir.resolve("scratch"), "/alloc", false));
    assertThat(spec.memoryBytes()).isEqualTo(16L << 20);
    assertThat(spec.cpuMillis()).isEqualTo(500);
    assertThat(spec.pidsLimit()).isEqualTo(64);
    assertThat(spec.nofile()).isEqualTo(350);
    assertThat(spec.readOnlyRootfs()).isTrue();
    assertThat(spec.env()).isEqualTo(Map.of("K", "v"));
    assertThat(spec.engineLogBytes()).isGreaterThanOrEqualTo(settings.maxLogBytes());
    assertThat(runner.list()).containsExactly(new ExecContainer(id, "n1.a1", "e1"));
  }

  @Test
  void missingImageThrowsAndLeavesNothing() {
    driver.missingImage("busybox");
    assertThatThrownBy(() -> runner.start(launch("e1"), new Ends())).isInstanceOf(DriverException.class)
        .hasMessageContaining("cannot start exec e1 of alloc n1.a1");
    assertThat(runner.list()).isEmpty();
    assertThat(runner.following()).isZero();
  }

  @Test
  void refusedStartRemovesTheContainerAndThrows() {
    driver.image("busybox", FakeBehavior.ok().failingToStart());
    Ends ends = new Ends();
    assertThatThrownBy(() -> runner.start(launch("e1"), ends)).isInstanceOf(DriverException.class)
        .hasMessageContaining("cannot start exec e1").hasMessageContaining("cannot start container");
    assertThat(runner.list()).isEmpty();
    assertThat(runner.following()).isZero();
    assertThat(ends.all).isEmpty();
    assertThat(dir.resolve("logs/e1.log")).doesNotExist();
  }

  @Test
  void logIsCutAtItsBoundWithOneMarkerLine() throws Exception {
    runner.close();
    runner = new DockerExecRunner(settings.withMaxLogBytes(10), driver, clock, clock);
    Ends ends = new Ends();
    ExecLaunch l = launch("e1");
    String id = runner.start(l, ends);
    driver.write(id, "0123456");
    driver.write(id, "789abcdef\n");
    driver.write(id, "more\n");
    driver.exit(id, 0);
    ends.await();
    assertThat(Files.readString(l.logFile())).isEqualTo("0123456789\n" + BoundedLog.marker(10));
  }

  @Test
  void aNewRunnerListsAndAdoptsARunningExecWithItsLogRecaptured() throws Exception {
    Ends first = new Ends();
    ExecLaunch l = launch("e1");
    String id = runner.start(l, first);
    driver.write(id, "before\n");
    runner.close(); // the process goes away; the container keeps running
    assertThat(driver.running()).contains(id);
    driver.write(id, "meanwhile\n");

    runner = new DockerExecRunner(settings, driver, clock, clock);
    assertThat(runner.list()).containsExactly(new ExecContainer(id, "n1.a1", "e1"));
    Ends ends = new Ends();
    runner.adopt(id, l, ends);
    driver.write(id, "after\n");
    driver.exit(id, 0);
    assertThat(ends.await().end()).isEqualTo(End.SUCCEEDED);
    assertThat(Files.readString(l.logFile())).isEqualTo("before\nmeanwhile\nafter\n");
    assertThat(first.all).isEmpty();
  }

  @Test
  void adoptingAnExecThatEndedMeanwhileReportsHowItEnded() throws Exception {
    ExecLaunch l = launch("e1");
    String id = runner.start(l, new Ends());
    runner.close();
    driver.write(id, "done\n");
    driver.exit(id, 4);
    runner = new DockerExecRunner(settings, driver, clock, clock);
    Ends ends = new Ends();
    runner.adopt(id, l, ends);
    ExecOutcome o = ends.await();
    assertThat(o.end()).isEqualTo(End.FAILED);
    assertThat(o.exitCode()).hasValue(4);
    assertThat(Files.readString(l.logFile())).isEqualTo("done\n");
  }

  @Test
  void adoptingAGoneContainerFailsSayingSoAndKeepsTheLog() throws Exception {
    ExecLaunch l = launch("e1");
    String id = runner.start(l, new Ends());
    driver.write(id, "kept\n");
    runner.close();
    driver.remove(id);
    runner = new DockerExecRunner(settings, driver, clock, clock);
    Ends ends = new Ends();
    runner.adopt(id, l, ends);
    ExecOutcome o = ends.await();
    assertThat(o.end()).isEqualTo(End.FAILED);
    assertThat(o.error()).isEqualTo("its container is gone");
    assertThat(Files.readString(l.logFile())).isEqualTo("kept\n");
  }

  @Test
  void nodeLabelsNeverCarryTheFunctionNodeLabelOntoAnExec() {
    ExecSettings s = new ExecSettings("n1", Map.of("io.hearth.node", "n1", "team", "batch"), 0, 0, false, "",
        Duration.ofMinutes(1), 100);
    assertThat(ExecSpecs.labels(s, launch("e1"))).doesNotContainKey("io.hearth.node").containsEntry("team", "batch");
  }

  @Test
  void userCannotOverrideHearthsLabels() {
    Map<String, String> labels = ExecSpecs.labels(settings, launch("e1", Optional.empty(),
        Map.of("io.hearth.exec", "x", "io.hearth.exec.node", "other", "io.hearth.node", "n1", "ok", "1")));
    assertThat(labels).containsEntry("io.hearth.exec", "e1").containsEntry("io.hearth.exec.node", "n1")
        .containsEntry("ok", "1").doesNotContainKey("io.hearth.node");
  }

  @Test
  void aJobsContainerCarriesItsJobAndAttempt() {
    Map<String, String> labels = ExecSpecs.labels(settings, launch("e1", Optional.empty(),
        Map.of("io.hearth.job", "j1", "io.hearth.attempt", "2", "io.hearth.other", "x")));
    assertThat(labels).containsEntry("io.hearth.job", "j1").containsEntry("io.hearth.attempt", "2")
        .doesNotContainKey("io.hearth.other");
  }

  @Test
  void timeoutTextsAreForPeople() {
    assertThat(ExecEnds.timedOut(Duration.ofSeconds(30))).isEqualTo("ran past its timeout of 30 s");
    assertThat(ExecEnds.timedOut(Duration.ofMillis(1500))).isEqualTo("ran past its timeout of 1500 ms");
  }
}
