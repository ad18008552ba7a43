package io.hearth.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.agent.FreezerCgroups.Mount;
import io.hearth.agent.FreezerCgroups.Version;
import io.hearth.core.driver.DriverException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cgroup freezer over a directory tree of plain files standing in for cgroupfs (a plain file
 * reads back what was written, so a v1 freeze completes at once; a v2 {@code cgroup.events}
 * changes only when the test says). The real kernel is in {@link CgroupFreezerIntegrationTest}.
 */
class CgroupFreezerTest {
  @TempDir Path root;
  final AtomicLong now = new AtomicLong();
  final List<String> engineCalls = new ArrayList<>();
  final List<String> pidLookups = new ArrayList<>();
  final Freezer engine = new Freezer() {
    @Override
    public void freeze(String id) {
      engineCalls.add("pause " + id);
    }

    @Override
    public void thaw(String id) {
      engineCalls.add("unpause " + id);
    }
  };

  CgroupFreezer freezer(Version v, long pid) {
    Mount m = new Mount(v, "/", root.resolve("cg"));
    return new CgroupFreezer(m, root.resolve("proc"), id -> {
      pidLookups.add(id);
      return pid;
    }, engine, () -> now.addAndGet(100_000_000L), Duration.ofSeconds(1)); // each reading: +100 ms
  }

  Path cgroup(String rel, String file, String content) throws IOException {
    Path dir = root.resolve("cg").resolve(rel);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(file), content);
    return dir;
  }

  @Test
  void v1WritesTheStateAndLearnsThePatternFromProc() throws IOException {
    Path a = cgroup("system.slice/docker-aaa.scope", "freezer.state", "THAWED\n");
    Path b = cgroup("system.slice/docker-bbb.scope", "freezer.state", "THAWED\n");
    Files.createDirectories(root.resolve("proc/42"));
    Files.writeString(root.resolve("proc/42/cgroup"), "6:freezer:/system.slice/docker-aaa.scope\n0::/\n");
    CgroupFreezer f = freezer(Version.V1, 42);
    f.freeze("aaa");
    assertThat(Files.readString(a.resolve("freezer.state"))).isEqualTo("FROZEN");
    f.freeze("bbb"); // found through the learned pattern, no pid asked
    assertThat(pidLookups).containsExactly("aaa");
    f.thaw("aaa");
    assertThat(Files.readString(a.resolve("freezer.state"))).isEqualTo("THAWED");
    assertThat(Files.readString(b.resolve("freezer.state"))).isEqualTo("FROZEN");
    assertThat(engineCalls).isEmpty();
  }

  @Test
  void aThawWritesTheControlFileTheFreezeLeftOpenWithoutLookingItUp() throws IOException {
    Path a = cgroup("docker/aaa", "freezer.state", "THAWED\n");
    CgroupFreezer f = freezer(Version.V1, 0);
    f.freeze("aaa");
    Path moved = root.resolve("elsewhere");
    Files.move(a, moved); // a lookup by path would no longer find it
    f.thaw("aaa");
    assertThat(Files.readString(moved.resolve("freezer.state"))).isEqualTo("THAWED");
    assertThat(engineCalls).isEmpty();
    // the open file was used once: the next thaw looks the cgroup up, finds none, and asks the engine
    f.thaw("aaa");
    assertThat(engineCalls).containsExactly("unpause aaa");
  }

  @Test
  void wellKnownPathsServeWhenThePidIsUnknown() throws IOException {
    Path c = cgroup("docker/ccc", "freezer.state", "THAWED\n");
    CgroupFreezer f = freezer(Version.V1, 0);
    f.freeze("ccc");
    assertThat(Files.readString(c.resolve("freezer.state"))).isEqualTo("FROZEN");
    assertThat(engineCalls).isEmpty();
  }

  @Test
  void aContainerWithoutACgroupHereGoesToTheEngineBothWays() {
    CgroupFreezer f = freezer(Version.V1, 0);
    f.freeze("ddd");
    f.thaw("ddd");
    assertThat(engineCalls).containsExactly("pause ddd", "unpause ddd");
  }

  @Test
  void v2WaitsForFrozenAndUndoesAFreezeThatDoesNotComplete() throws IOException {
    Path e = cgroup("docker/eee", "cgroup.events", "populated 1\nfrozen 1\n");
    Files.writeString(e.resolve("cgroup.freeze"), "0\n");
    CgroupFreezer f = freezer(Version.V2, 0);
    f.freeze("eee");
    assertThat(Files.readString(e.resolve("cgroup.freeze"))).isEqualTo("1");
    f.thaw("eee");
    assertThat(Files.readString(e.resolve("cgroup.freeze"))).isEqualTo("0");

    Files.writeString(e.resolve("cgroup.events"), "populated 1\nfrozen 0\n"); // never freezes
    assertThatThrownBy(() -> f.freeze("eee")).isInstanceOfSatisfying(DriverException.class, x -> {
      assertThat(x.kind()).isEqualTo(DriverException.Kind.FAILED);
      assertThat(x.getMessage()).contains("did not freeze within 1000 ms", "frozen 0", "thawed again");
    });
    assertThat(Files.readString(e.resolve("cgroup.freeze"))).isEqualTo("0");
  }

  @Test
  void aCgroupThatVanishesMeansTheContainerIsGone() throws IOException {
    Path g = cgroup("docker/ggg", "cgroup.events", "frozen 0\n"); // no cgroup.freeze: as if removed meanwhile
    CgroupFreezer f = freezer(Version.V2, 0);
    assertThat(g).isDirectory();
    assertThatThrownBy(() -> f.thaw("ggg")).isInstanceOfSatisfying(DriverException.class,
        x -> assertThat(x.kind()).isEqualTo(DriverException.Kind.NO_SUCH_CONTAINER));
  }

  @Test
  void theFactoryFallsBackToTheEngineWithoutAFreezer() throws IOException {
    Path cg = Files.createDirectories(root.resolve("cg"));
    String withFreezer = "37 31 0:34 / " + cg + " rw,relatime - cgroup cgroup rw,freezer\n";
    assertThat(Freezers.choose(Freezers.Method.AUTO, withFreezer, null, id -> 0, root, System::nanoTime))
        .isInstanceOf(CgroupFreezer.class);
    assertThat(Freezers.choose(Freezers.Method.ENGINE, withFreezer, null, id -> 0, root, System::nanoTime))
        .isInstanceOf(EngineFreezer.class);
    assertThat(Freezers.choose(Freezers.Method.AUTO, "", null, id -> 0, root, System::nanoTime))
        .isInstanceOf(EngineFreezer.class);
    String missing = "37 31 0:34 / " + root.resolve("nowhere") + " rw,relatime - cgroup cgroup rw,freezer\n";
    assertThat(Freezers.choose(Freezers.Method.AUTO, missing, null, id -> 0, root, System::nanoTime))
        .isInstanceOf(EngineFreezer.class);
    assertThatThrownBy(() -> Freezers.choose(Freezers.Method.CGROUP, missing, null, id -> 0, root, System::nanoTime))
        .hasMessageContaining("not writable");
    assertThatThrownBy(() -> Freezers.choose(Freezers.Method.CGROUP, "", null, id -> 0, root, System::nanoTime))
        .hasMessageContaining("no cgroup freezer is mounted");
  }
}
