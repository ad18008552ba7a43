package io.hearth.server.leases;

import static io.hearth.server.leases.LeaseFixture.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.agent.exec.DockerExecRunner;
import io.hearth.agent.exec.ExecSettings;
import io.hearth.core.id.Ids;
import io.hearth.core.ledger.Ledger;
import io.hearth.core.ledger.Resources;
import io.hearth.core.ledger.RoomMaker;
import io.hearth.core.time.Clock;
import io.hearth.core.time.TimerThread;
import io.hearth.docker.DockerDriver;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.server.leases.NodeLeases.AllocRequest;
import io.hearth.server.leases.NodeLeases.ExecRequest;
import io.hearth.store.leases.AllocRecord;
import io.hearth.store.leases.ExecRow;
import io.hearth.store.leases.ExecState;
import io.hearth.testkit.store.InMemoryLeaseStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LocalLeases over the real Docker Engine (DockerExecRunner, busybox): two execs pass a file
 * through {@code /alloc}, the file is read through the API, a log is followed to the end, free
 * kills a running exec, and a restarted node re-adopts a running exec from the store and the
 * containers' labels.
 */
class LocalLeasesDockerIntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir
  Path dir;

  private DockerDriver driver;
  private TimerThread timer;
  private String nodeId;
  private ExecSettings execSettings;
  private final InMemoryLeaseStore store = new InMemoryLeaseStore();

  @BeforeEach
  void setUp() {
    driver = TestDocker.driver();
    timer = TimerThread.start("leases-test-timer");
    nodeId = "t" + UUID.randomUUID().toString().substring(0, 8);
    execSettings = new ExecSettings(nodeId, TestDocker.labels(), 64, 350, true, "1000:1000", Duration.ofSeconds(60),
        ExecSettings.DEFAULT_MAX_LOG_BYTES);
  }

  @AfterEach
  void tearDown() {
    for (String id : driver.list(Map.of(ExecSettings.EXEC_NODE_LABEL, nodeId))) {
      driver.remove(id);
    }
    timer.close();
  }

  private LocalLeases node(DockerExecRunner runner) {
    Ledger ledger = new Ledger(new Resources(1L << 30, 0)); // a process of its own: a ledger of its own
    return LocalLeases.start(nodeId, LeaseSettings.defaults(dir), ledger, store, runner, RoomMaker.NONE, () -> {},
        Clock.system(), timer, new Ids(Clock.system(), new SecureRandom()));
  }

  private static ExecRequest sh(String script) {
    return new ExecRequest(TestImages.busybox(), List.of("sh", "-c", script), Map.of(), Optional.empty(),
        Optional.empty(), Map.of());
  }

  private ExecRow await(NodeLeases leases, String allocId, String execId, ExecState state) throws Exception {
    long end = System.nanoTime() + WAIT.toNanos();
    while (true) {
      ExecRow x = ok(leases.getExec(allocId, execId));
      if (x.state() == state) {
        return x;
      }
      if (System.nanoTime() > end) {
        throw new AssertionError("exec " + execId + " is " + x.state() + ", not " + state + " within " + WAIT + ": " + x);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void twoExecsPassAFileThroughAllocAndFreeKillsARunningOne() throws Exception {
    try (DockerExecRunner runner = new DockerExecRunner(execSettings, driver, Clock.system(), timer);
        LocalLeases leases = node(runner)) {
      AllocRecord a = ok(leases.create(new AllocRequest(Optional.empty(), new Resources(256L << 20, 0), "it",
          Map.of(), Optional.of(Duration.ofMinutes(5)))));
      ExecRow first = ok(leases.exec(a.id(), sh("mkdir -p /alloc/out && echo 42 > /alloc/out/result; echo wrote")));
      await(leases, a.id(), first.id(), ExecState.SUCCEEDED);
      assertThat(Files.readString(ok(leases.file(a.id(), "out/result")))).isEqualTo("42\n");

      ExecRow second = ok(leases.exec(a.id(), sh("cat /alloc/out/result; exit 4")));
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      assertThat(leases.log(a.id(), second.id(), true, log)).isEmpty();
      assertThat(log.toString(StandardCharsets.UTF_8)).isEqualTo("42\n");
      ExecRow failed = ok(leases.getExec(a.id(), second.id()));
      assertThat(failed.state()).isEqualTo(ExecState.FAILED);
      assertThat(failed.exitCode()).isEqualTo(4);

      ExecRow sleeper = ok(leases.exec(a.id(), sh("sleep 300")));
      await(leases, a.id(), sleeper.id(), ExecState.RUNNING);
      ok(leases.free(a.id()));
      ExecRow killed = await(leases, a.id(), sleeper.id(), ExecState.KILLED);
      assertThat(killed.error()).contains("was freed");
    }
  }

  @Test
  void aRestartedNodeReadoptsARunningExec() throws Exception {
    AllocRecord a;
    ExecRow sleeper;
    try (DockerExecRunner runner = new DockerExecRunner(execSettings, driver, Clock.system(), timer);
        LocalLeases leases = node(runner)) {
      a = ok(leases.create(new AllocRequest(Optional.empty(), new Resources(128L << 20, 0), "it", Map.of(),
          Optional.of(Duration.ofMinutes(5)))));
      sleeper = ok(leases.exec(a.id(), sh("echo started; sleep 300")));
      await(leases, a.id(), sleeper.id(), ExecState.RUNNING);
    } // the process "goes away": timers and following stop, the container runs on

    try (DockerExecRunner runner = new DockerExecRunner(execSettings, driver, Clock.system(), timer);
        LocalLeases leases = node(runner)) {
      ExecRow back = ok(leases.getExec(a.id(), sleeper.id()));
      assertThat(back.state()).isEqualTo(ExecState.RUNNING);
      assertThat(ok(leases.get(a.id())).alloc().state()).isEqualTo(io.hearth.store.leases.AllocState.ACTIVE);
      assertThat(leases.offer().orElseThrow().available().memoryBytes()).isEqualTo((1L << 30) - (128L << 20));
      ok(leases.free(a.id()));
      ExecRow killed = await(leases, a.id(), sleeper.id(), ExecState.KILLED);
      assertThat(killed.error()).contains("was freed");
    }
  }
}
