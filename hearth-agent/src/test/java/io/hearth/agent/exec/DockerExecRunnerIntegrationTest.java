package io.hearth.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.core.driver.DriverException;
import io.hearth.core.lease.ExecLaunch;
import io.hearth.core.lease.ExecOutcome;
import io.hearth.core.lease.ExecOutcome.End;
import io.hearth.core.lease.ExecRunner.ExecContainer;
import io.hearth.core.ledger.Resources;
import io.hearth.core.time.Clock;
import io.hearth.core.time.TimerThread;
import io.hearth.docker.DockerDriver;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DockerExecRunner} on the real Docker Engine, with the busybox test image. */
class DockerExecRunnerIntegrationTest {
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  DockerDriver driver;
  String image;
  TimerThread timer;
  String nodeId;
  ExecSettings settings;
  final List<DockerExecRunner> runners = new ArrayList<>();

  @BeforeEach
  void setUp() {
    driver = TestDocker.driver();
    image = TestImages.busybox();
    timer = TimerThread.start("exec-test-timer");
    nodeId = "t" + UUID.randomUUID().toString().substring(0, 8);
    settings = new ExecSettings(nodeId, TestDocker.labels(), 64, 350, true, "1000:1000", Duration.ofSeconds(10),
        ExecSettings.DEFAULT_MAX_LOG_BYTES);
  }

  @AfterEach
  void tearDown() {
    runners.forEach(DockerExecRunner::close);
    for (String id : driver.list(Map.of(ExecSettings.EXEC_NODE_LABEL, nodeId))) {
      driver.remove(id);
    }
    timer.close();
  }

  DockerExecRunner runner(ExecSettings s) {
    DockerExecRunner r = new DockerExecRunner(s, driver, Clock.system(), timer);
    runners.add(r);
    return r;
  }

  ExecLaunch launch(String execId, long memory, Optional<Duration> timeout, String... cmd) {
    return new ExecLaunch(nodeId + ".a1", execId, image, List.of(cmd), Map.of(), new Resources(memory, 500),
        Map.of("step", execId), timeout, dir.resolve("scratch"), dir.resolve("logs").resolve(execId + ".log"));
  }

  ExecLaunch launch(String execId, String... cmd) {
    return launch(execId, 64L << 20, Optional.empty(), cmd);
  }

  static ExecOutcome await(CompletableFuture<ExecOutcome> end) throws Exception {
    return end.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void execRunsToCompletionWithItsExitCodeAndOutput() throws Exception {
    DockerExecRunner runner = runner(settings);
    CompletableFuture<ExecOutcome> end = new CompletableFuture<>();
    ExecLaunch l = launch("e1", "sh", "-c", "echo hi > /alloc/out; echo to-stdout; echo to-stderr >&2; exit 3");
    String id = runner.start(l, end::complete);
    ExecOutcome o = await(end);
    assertThat(o.end()).isEqualTo(End.FAILED);
    assertThat(o.exitCode()).hasValue(3);
    assertThat(o.oom()).isFalse();
    assertThat(o.error()).contains("exited with code 3");
    assertThat(Files.readString(l.logFile())).contains("to-stdout\n").contains("to-stderr\n");
    assertThat(Files.readString(l.scratchDir().resolve("out"))).isEqualTo("hi\n");
    var h = driver.inspectRaw(id).path("HostConfig");
    assertThat(h.path("NetworkMode").asText()).isEqualTo("none");
    assertThat(h.path("ReadonlyRootfs").asBoolean()).isTrue();
    assertThat(h.path("CapDrop").toString()).contains("ALL");
    assertThat(h.path("SecurityOpt").toString()).contains("no-new-privileges");
    assertThat(h.path("Memory").asLong()).isEqualTo(64L << 20);
    assertThat(h.path("MemorySwap").asLong()).isEqualTo(64L << 20);
    var labels = driver.inspectRaw(id).path("Config").path("Labels");
    assertThat(labels.path("io.hearth.exec").asText()).isEqualTo("e1");
    assertThat(labels.path("io.hearth.alloc").asText()).isEqualTo(nodeId + ".a1");
    assertThat(labels.path("io.hearth.exec.node").asText()).isEqualTo(nodeId);
    assertThat(labels.has("io.hearth.node")).isFalse();
    assertThat(driver.inspectRaw(id).path("Config").path("User").asText()).isEqualTo("1000:1000");
  }

  @Test
  void execOutOfMemoryIsReportedFailedWithOom() throws Exception {
    DockerExecRunner runner = runner(settings);
    CompletableFuture<ExecOutcome> end = new CompletableFuture<>();
    runner.start(launch("oom", 16L << 20, Optional.empty(), "sh", "-c",
        "x=$(head -c 100m /dev/zero | tr '\\0' a); echo ${#x}"), end::complete);
    ExecOutcome o = await(end);
    assertThat(o.end()).isEqualTo(End.FAILED);
    assertThat(o.oom()).isTrue();
    assertThat(o.error()).contains("ran out of memory").contains("16 MiB");
  }

  @Test
  void twoExecsShareTheAllocsScratchDirectory() throws Exception {
    DockerExecRunner runner = runner(settings);
    CompletableFuture<ExecOutcome> first = new CompletableFuture<>();
    runner.start(launch("write", "sh", "-c", "echo passed-through-alloc > /alloc/data"), first::complete);
    assertThat(await(first).end()).isEqualTo(End.SUCCEEDED);
    CompletableFuture<ExecOutcome> second = new CompletableFuture<>();
    ExecLaunch read = launch("read", "cat", "/alloc/data");
    runner.start(read, second::complete);
    assertThat(await(second).end()).isEqualTo(End.SUCCEEDED);
    assertThat(Files.readString(read.logFile())).isEqualTo("passed-through-alloc\n");
  }

  @Test
  void killOfARunningExecEndsItKilled() throws Exception {
    DockerExecRunner runner = runner(settings);
    CompletableFuture<ExecOutcome> end = new CompletableFuture<>();
    String id = runner.start(launch("sleeper", "sleep", "300"), end::complete);
    runner.kill(id, "its alloc was freed");
    ExecOutcome o = await(end);
    assertThat(o.end()).isEqualTo(End.KILLED);
    assertThat(o.error()).isEqualTo("its alloc was freed");
    assertThat(driver.inspect(id).running()).isFalse();
  }

  @Test
  void timeoutKillsTheExecSayingSo() throws Exception {
    DockerExecRunner runner = runner(settings);
    CompletableFuture<ExecOutcome> end = new CompletableFuture<>();
    runner.start(launch("slow", 64L << 20, Optional.of(Duration.ofSeconds(1)), "sleep", "300"), end::complete);
    ExecOutcome o = await(end);
    assertThat(o.end()).isEqualTo(End.KILLED);
    assertThat(o.error()).isEqualTo("ran past its timeout of 1 s");
  }

  @Test
  void aRestartedRunnerListsAndAdoptsARunningExecAndSeesItsEnd() throws Exception {
    DockerExecRunner before = runner(settings);
    CompletableFuture<ExecOutcome> lost = new CompletableFuture<>();
    ExecLaunch l = launch("long", "sh", "-c",
        "echo before; while [ ! -f /alloc/go ]; do sleep 0.1; done; echo after; exit 5");
    String id = before.start(l, lost::complete);
    before.close(); // the process goes away; the container keeps running

    DockerExecRunner after = runner(settings);
    assertThat(after.list()).containsExactly(new ExecContainer(id, nodeId + ".a1", "long"));
    assertThat(driver.inspect(id).running()).isTrue();
    CompletableFuture<ExecOutcome> end = new CompletableFuture<>();
    after.adopt(id, l, end::complete);
    Files.writeString(l.scratchDir().resolve("go"), "");
    ExecOutcome o = await(end);
    assertThat(o.end()).isEqualTo(End.FAILED);
    assertThat(o.exitCode()).hasValue(5);
    assertThat(Files.readString(l.logFile())).isEqualTo("before\nafter\n");
    assertThat(lost).isNotDone();
  }

  @Test
  void adoptingAnExecThatEndedWhileNoRunnerFollowedItReportsItsEnd() throws Exception {
    DockerExecRunner before = runner(settings);
    ExecLaunch l = launch("quick", "sh", "-c", "echo bye; exit 2");
    String id = before.start(l, o -> {});
    before.close();
    CompletableFuture<ExecOutcome> end = new CompletableFuture<>();
    runner(settings).adopt(id, l, end::complete);
    ExecOutcome o = await(end);
    assertThat(o.end()).isEqualTo(End.FAILED);
    assertThat(o.exitCode()).hasValue(2);
    assertThat(Files.readString(l.logFile())).isEqualTo("bye\n");
  }

  @Test
  void adoptingAGoneContainerFails() throws Exception {
    DockerExecRunner before = runner(settings);
    ExecLaunch l = launch("gone", "sleep", "300");
    String id = before.start(l, o -> {});
    before.close();
    driver.remove(id);
    CompletableFuture<ExecOutcome> end = new CompletableFuture<>();
    runner(settings).adopt(id, l, end::complete);
    ExecOutcome o = await(end);
    assertThat(o.end()).isEqualTo(End.FAILED);
    assertThat(o.error()).isEqualTo("its container is gone");
  }

  @Test
  void logIsBounded() throws Exception {
    DockerExecRunner runner = runner(settings.withMaxLogBytes(1000));
    CompletableFuture<ExecOutcome> end = new CompletableFuture<>();
    ExecLaunch l = launch("chatty", "sh", "-c", "head -c 5000 /dev/zero | tr '\\0' a");
    runner.start(l, end::complete);
    assertThat(await(end).end()).isEqualTo(End.SUCCEEDED);
    assertThat(Files.readString(l.logFile())).isEqualTo("a".repeat(1000) + "\n" + BoundedLog.marker(1000));
  }

  @Test
  void startFromAMissingImageThrowsAndLeavesNothing() {
    DockerExecRunner runner = runner(settings);
    ExecLaunch ok = launch("noimg", "true");
    ExecLaunch missing = new ExecLaunch(ok.allocId(), ok.execId(), "hearth-test/no-such-image:1", ok.cmd(), ok.env(),
        ok.resources(), ok.labels(), ok.timeout(), ok.scratchDir(), ok.logFile());
    assertThatThrownBy(() -> runner.start(missing, o -> {})).isInstanceOfSatisfying(DriverException.class,
        e -> assertThat(e.getMessage()).contains("cannot start exec noimg").contains("hearth-test/no-such-image:1"));
    assertThat(runner.list()).isEmpty();
  }

  @Test
  void aCreateTheEngineRefusesThrowsAndLeavesNothing() {
    DockerExecRunner runner = runner(settings);
    // The engine refuses a memory limit under 6 MiB.
    ExecLaunch tiny = launch("tiny", 1L << 20, Optional.empty(), "true");
    assertThatThrownBy(() -> runner.start(tiny, o -> {})).isInstanceOfSatisfying(DriverException.class,
        e -> assertThat(e.getMessage()).contains("cannot start exec tiny").containsIgnoringCase("memory"));
    assertThat(runner.list()).isEmpty();
    assertThat(runner.following()).isZero();
  }

  @Test
  void usersLabelsAreAddedButNeverOverrideHearths() throws Exception {
    DockerExecRunner runner = runner(settings);
    ExecLaunch l = launch("labels", "true");
    Map<String, String> labels = new HashMap<>(l.labels());
    labels.put("io.hearth.exec", "forged");
    ExecLaunch forged = new ExecLaunch(l.allocId(), l.execId(), l.image(), l.cmd(), l.env(), l.resources(), labels,
        l.timeout(), l.scratchDir(), l.logFile());
    CompletableFuture<ExecOutcome> end = new CompletableFuture<>();
    String id = runner.start(forged, end::complete);
    await(end);
    var got = driver.inspectRaw(id).path("Config").path("Labels");
    assertThat(got.path("io.hearth.exec").asText()).isEqualTo("labels");
    assertThat(got.path("step").asText()).isEqualTo("labels");
  }
}
