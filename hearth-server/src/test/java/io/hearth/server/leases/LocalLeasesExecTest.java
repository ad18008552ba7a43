package io.hearth.server.leases;

import static io.hearth.server.leases.LeaseFixture.execRequest;
import static io.hearth.server.leases.LeaseFixture.failed;
import static io.hearth.server.leases.LeaseFixture.ok;
import static io.hearth.server.leases.LeaseFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.ledger.Resources;
import io.hearth.server.leases.LeaseResult.Failure;
import io.hearth.store.leases.AllocRecord;
import io.hearth.store.leases.ExecRow;
import io.hearth.store.leases.ExecState;
import io.hearth.testkit.store.InMemoryLeaseStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalLeasesExecTest {
  @TempDir
  Path dir;

  private final InMemoryLeaseStore store = new InMemoryLeaseStore();
  private LeaseFixture f;
  private AllocRecord alloc;

  @BeforeEach
  void node() {
    f = new LeaseFixture(store, dir);
    alloc = f.create(request(new Resources(600, 2000, Map.of(Resources.DISK, 1000L))));
  }

  @AfterEach
  void close() {
    f.leases.close();
  }

  private Path scratch() {
    return dir.resolve("allocs").resolve(alloc.id()).resolve("scratch");
  }

  @Test
  void anExecTakesAllTheAllocHasFreeByDefaultAndRunsToItsExitCode() {
    ExecRow x = f.exec(alloc.id(), Optional.empty());
    assertThat(x.state()).isEqualTo(ExecState.PENDING);
    assertThat(x.resources()).containsEntry("memory_bytes", 600L).containsEntry("cpu_mcpus", 2000L)
        .containsEntry("disk_bytes", 1000L);
    ExecRow running = f.execRow(alloc.id(), x.id());
    assertThat(running.state()).isEqualTo(ExecState.RUNNING);
    assertThat(running.containerId()).isEqualTo(f.container(x.id()));
    assertThat(f.launch(x.id()).scratchDir()).isEqualTo(scratch());
    assertThat(f.launch(x.id()).resources()).isEqualTo(new Resources(600, 2000, Map.of(Resources.DISK, 1000L)));
    assertThat(f.launch(x.id()).logFile())
        .isEqualTo(dir.resolve("allocs").resolve(alloc.id()).resolve("logs").resolve(x.id() + ".log"));
    f.runner.oom(running.containerId());
    ExecRow done = f.execRow(alloc.id(), x.id());
    assertThat(done.state()).isEqualTo(ExecState.FAILED);
    assertThat(done.exitCode()).isEqualTo(137);
    assertThat(done.oom()).isTrue();
    assertThat(done.finishedAt()).isNotNull();
    assertThat(f.leases.stats().execsByEnd()).containsEntry("failed", 1L);
    ExecRow next = f.exec(alloc.id(), Optional.empty());
    assertThat(next.resources()).as("an ended exec's share is free again").containsEntry("memory_bytes", 600L);
  }

  @Test
  void anExecAskingForMoreThanTheAllocHasFreeIsInvalid() {
    f.exec(alloc.id(), Optional.of(new Resources(400, 500)));
    ExecRow second = f.exec(alloc.id(), Optional.empty());
    assertThat(second.resources()).as("what the first left").containsEntry("memory_bytes", 200L)
        .containsEntry("cpu_mcpus", 1500L);
    f.runner.exit(f.container(second.id()), 0);
    LeaseResult.Failed<?> over = failed(f.leases.exec(alloc.id(), execRequest("alpine",
        Optional.of(new Resources(300, 0)))), Failure.INVALID);
    assertThat(over.message()).contains("memory_bytes 300 asked, 200 free of its 600");
    assertThat(failed(f.leases.exec(alloc.id(), execRequest("alpine", Optional.of(new Resources(100, 0)))),
        Failure.INVALID).message()).as("no CPU limit in an alloc that holds CPU").contains("no cpu_mcpus");
    failed(f.leases.exec(alloc.id(), execRequest("alpine", Optional.of(new Resources(0, 100)))), Failure.INVALID);
    f.exec(alloc.id(), Optional.of(new Resources(200, 100)));
    assertThat(failed(f.leases.exec(alloc.id(), execRequest("alpine", Optional.empty())), Failure.SHORT).message())
        .contains("no memory_bytes free");
  }

  @Test
  void anExecWhoseImageIsMissingIsCreatedAndFails() {
    f.runner.missingImage("nope:1");
    ExecRow x = ok(f.leases.exec(alloc.id(), execRequest("nope:1", Optional.empty())));
    ExecRow row = f.execRow(alloc.id(), x.id());
    assertThat(row.state()).isEqualTo(ExecState.FAILED);
    assertThat(row.error()).contains("'nope:1' is not here");
    assertThat(f.exec(alloc.id(), Optional.empty()).resources()).containsEntry("memory_bytes", 600L);
  }

  @Test
  void freeKillsTheRunningExecs() {
    ExecRow x = f.exec(alloc.id(), Optional.of(new Resources(100, 100)));
    ExecRow done = f.exec(alloc.id(), Optional.of(new Resources(100, 100)));
    f.runner.exit(f.container(done.id()), 0);
    ok(f.leases.free(alloc.id()));
    assertThat(f.runner.kills()).containsExactly(f.container(x.id()));
    ExecRow killed = f.execRow(alloc.id(), x.id());
    assertThat(killed.state()).isEqualTo(ExecState.KILLED);
    assertThat(killed.error()).contains("was freed");
    assertThat(f.execRow(alloc.id(), done.id()).state()).isEqualTo(ExecState.SUCCEEDED);
    failed(f.leases.exec(alloc.id(), execRequest("alpine", Optional.empty())), Failure.GONE);
  }

  @Test
  void anAllocThatWritesMoreThanItsDiskHasItsExecsKilled() throws Exception {
    ExecRow x = f.exec(alloc.id(), Optional.empty());
    Files.write(scratch().resolve("small"), new byte[600]);
    f.clock.advance(Duration.ofSeconds(2));
    assertThat(f.execRow(alloc.id(), x.id()).state()).as("within its disk").isEqualTo(ExecState.RUNNING);
    Files.createDirectories(scratch().resolve("out"));
    Files.write(scratch().resolve("out").resolve("big"), new byte[500]);
    f.clock.advance(Duration.ofSeconds(2));
    ExecRow killed = f.execRow(alloc.id(), x.id());
    assertThat(killed.state()).isEqualTo(ExecState.KILLED);
    assertThat(killed.error())
        .isEqualTo("alloc " + alloc.id() + " wrote 1100 bytes to /alloc, more than its disk_bytes 1000");
  }

  @Test
  void filesAreReadFromTheScratchDirectoryAndPathsCannotLeaveIt() throws Exception {
    Files.createDirectories(scratch().resolve("out"));
    Files.writeString(scratch().resolve("out").resolve("result.txt"), "42");
    Path outside = Files.writeString(dir.resolve("secret"), "no");
    Files.createSymbolicLink(scratch().resolve("escape"), outside);
    Files.createSymbolicLink(scratch().resolve("inside"), scratch().resolve("out").resolve("result.txt"));
    assertThat(Files.readString(ok(f.leases.file(alloc.id(), "out/result.txt")))).isEqualTo("42");
    assertThat(Files.readString(ok(f.leases.file(alloc.id(), "inside")))).as("a link within /alloc").isEqualTo("42");
    assertThat(failed(f.leases.file(alloc.id(), "../../secret"), Failure.INVALID).message()).contains("'..'");
    failed(f.leases.file(alloc.id(), "out/../../x"), Failure.INVALID);
    failed(f.leases.file(alloc.id(), "/etc/passwd"), Failure.INVALID);
    assertThat(failed(f.leases.file(alloc.id(), "escape"), Failure.INVALID).message()).contains("symbolic link");
    failed(f.leases.file(alloc.id(), "out"), Failure.NOT_FOUND);
    failed(f.leases.file(alloc.id(), "missing.txt"), Failure.NOT_FOUND);
    failed(f.leases.file("n1.nope", "out/result.txt"), Failure.NOT_FOUND);
  }

  @Test
  void aLogIsWrittenAsItIsAndFollowingReturnsOnceTheExecEnds() throws Exception {
    ExecRow x = f.exec(alloc.id(), Optional.empty());
    String c = f.container(x.id());
    f.runner.writeLog(c, "one\n");
    ByteArrayOutputStream now = new ByteArrayOutputStream();
    assertThat(f.leases.log(alloc.id(), x.id(), false, now)).isEmpty();
    assertThat(now.toString(StandardCharsets.UTF_8)).isEqualTo("one\n");

    ByteArrayOutputStream followed = new ByteArrayOutputStream();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread follower = Thread.ofVirtual().start(() -> {
      try {
        f.leases.log(alloc.id(), x.id(), true, followed);
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    f.clock.awaitScheduledIn(LeaseSettings.defaults(dir).logPoll(), Duration.ofSeconds(10));
    f.runner.writeLog(c, "two\n");
    f.runner.exit(c, 0);
    f.runner.writeLog(c, "three\n");
    f.clock.advance(LeaseSettings.defaults(dir).logPoll());
    follower.join(TimeUnit.SECONDS.toMillis(10));
    assertThat(follower.isAlive()).as("following returned once the exec ended").isFalse();
    assertThat(failure.get()).isNull();
    assertThat(followed.toString(StandardCharsets.UTF_8)).isEqualTo("one\ntwo\nthree\n");
    assertThat(f.leases.log(alloc.id(), "nope", true, new ByteArrayOutputStream())).hasValueSatisfying(
        fail -> assertThat(fail.failure()).isEqualTo(Failure.NOT_FOUND));
  }
}
