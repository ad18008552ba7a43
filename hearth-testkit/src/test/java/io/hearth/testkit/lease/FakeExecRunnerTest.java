package io.hearth.testkit.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.core.driver.DriverException;
import io.hearth.core.lease.ExecLaunch;
import io.hearth.core.lease.ExecOutcome;
import io.hearth.core.lease.ExecOutcome.End;
import io.hearth.core.lease.ExecRunner.ExecContainer;
import io.hearth.core.ledger.Resources;
import io.hearth.testkit.time.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeExecRunnerTest {
  @TempDir Path dir;
  final ManualClock clock = new ManualClock();
  final FakeExecRunner runner = new FakeExecRunner(clock);

  ExecLaunch launch(String execId, String image) {
    return new ExecLaunch("n1.a1", execId, image, List.of("true"), Map.of(), Resources.ZERO, Map.of(),
        Optional.empty(), dir.resolve("scratch"), dir.resolve(execId + ".log"));
  }

  @Test
  void recordsLaunchesAndEndsThemAsTheTestSaysOnce() {
    List<ExecOutcome> ends = new ArrayList<>();
    String id = runner.start(launch("e1", "img"), ends::add);
    assertThat(runner.launched("e1")).hasValueSatisfying(l -> assertThat(l.containerId()).isEqualTo(id));
    assertThat(runner.running()).containsExactly(id);
    assertThat(ends).isEmpty();
    runner.exit(id, 3);
    runner.exit(id, 0);
    assertThat(ends).singleElement().satisfies(o -> {
      assertThat(o.end()).isEqualTo(End.FAILED);
      assertThat(o.exitCode()).hasValue(3);
      assertThat(o.finishedAt()).isEqualTo(clock.instant());
    });
    assertThat(runner.running()).isEmpty();
  }

  @Test
  void killEndsItKilledWithTheReasonAndOomFails() {
    List<ExecOutcome> ends = new ArrayList<>();
    String a = runner.start(launch("e1", "img"), ends::add);
    String b = runner.start(launch("e2", "img"), ends::add);
    runner.kill(a, "its alloc was freed");
    runner.oom(b);
    assertThat(ends).extracting(ExecOutcome::end).containsExactly(End.KILLED, End.FAILED);
    assertThat(ends.get(0).error()).isEqualTo("its alloc was freed");
    assertThat(ends.get(1).oom()).isTrue();
    assertThat(runner.kills()).containsExactly(a);
  }

  @Test
  void afterARestartItListsAndAdoptsAndAGoneContainerFails() {
    List<ExecOutcome> lost = new ArrayList<>();
    String id = runner.start(launch("e1", "img"), lost::add);
    runner.restart();
    assertThat(runner.list()).containsExactly(new ExecContainer(id, "n1.a1", "e1"));
    List<ExecOutcome> ends = new ArrayList<>();
    runner.adopt(id, launch("e1", "img"), ends::add);
    runner.exit(id, 0);
    assertThat(lost).isEmpty();
    assertThat(ends).extracting(ExecOutcome::end).containsExactly(End.SUCCEEDED);

    runner.remove(id);
    assertThat(runner.list()).isEmpty();
    List<ExecOutcome> gone = new ArrayList<>();
    runner.adopt(id, launch("e1", "img"), gone::add);
    assertThat(gone).singleElement().satisfies(o -> assertThat(o.error()).isEqualTo("its container is gone"));
  }

  @Test
  void startFailuresThrowAndLeaveNothing() {
    runner.missingImage("nope");
    assertThatThrownBy(() -> runner.start(launch("e1", "nope"), o -> {})).isInstanceOfSatisfying(
        DriverException.class, e -> assertThat(e.kind()).isEqualTo(DriverException.Kind.IMAGE_NOT_FOUND));
    runner.failNextStart(new DriverException(DriverException.Kind.FAILED, "engine says no"));
    assertThatThrownBy(() -> runner.start(launch("e2", "img"), o -> {})).hasMessage("engine says no");
    assertThat(runner.list()).isEmpty();
    assertThat(runner.launches()).isEmpty();
  }

  @Test
  void writesLogLinesToTheLogFile() throws Exception {
    String id = runner.start(launch("e1", "img"), o -> {});
    runner.writeLog(id, "one\n");
    runner.writeLog(id, "two\n");
    assertThat(Files.readString(dir.resolve("e1.log"))).isEqualTo("one\ntwo\n");
  }
}
