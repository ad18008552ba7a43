package io.hearth.agent;

import static io.hearth.agent.CgroupLimits.UNLIMITED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeCapacityTest {
  static final long GIB = 1L << 30;
  static final long MIB = 1L << 20;
  static final String MEMINFO_16G = """
      MemTotal:       16777216 kB
      MemFree:         1234567 kB
      MemAvailable:    9999999 kB
      """;
  static final String V1_SELF = """
      12:freezer:/
      4:memory:/hearth/node
      2:cpu,cpuacct:/hearth/node
      1:name=systemd:/init.scope
      0::/init.scope
      """;
  @TempDir Path root;

  // --- parsers

  @Test
  void readsMemTotal() {
    assertThat(CgroupLimits.memTotalBytes(MEMINFO_16G)).isEqualTo(16 * GIB);
    assertThatThrownBy(() -> CgroupLimits.memTotalBytes("MemFree: 1 kB\n")).hasMessageContaining("no MemTotal");
  }

  @Test
  void readsV1MemoryLimitsAndTheUnlimitedSentinels() {
    assertThat(CgroupLimits.v1MemoryLimit("2147483648\n")).isEqualTo(2 * GIB);
    assertThat(CgroupLimits.v1MemoryLimit("9223372036854771712\n")).isEqualTo(UNLIMITED); // 4 KiB pages
    assertThat(CgroupLimits.v1MemoryLimit("9223372036854710272")).isEqualTo(UNLIMITED); // 64 KiB pages
    assertThat(CgroupLimits.v1MemoryLimit("-1")).isEqualTo(UNLIMITED);
    assertThatThrownBy(() -> CgroupLimits.v1MemoryLimit("lots")).hasMessageContaining("'lots' is not a number");
  }

  @Test
  void readsV2MemoryMax() {
    assertThat(CgroupLimits.v2MemoryMax("max\n")).isEqualTo(UNLIMITED);
    assertThat(CgroupLimits.v2MemoryMax("536870912\n")).isEqualTo(512 * MIB);
  }

  @Test
  void readsCpuQuotas() {
    assertThat(CgroupLimits.v1CpuMillis("-1\n", "100000\n")).isEqualTo(UNLIMITED);
    assertThat(CgroupLimits.v1CpuMillis("150000\n", "100000\n")).isEqualTo(1500);
    assertThat(CgroupLimits.v1CpuMillis("50000", "200000")).isEqualTo(250);
    assertThat(CgroupLimits.v1CpuMillis("1", "1000000")).isEqualTo(1); // never rounds to nothing
    assertThat(CgroupLimits.v2CpuMillis("max 100000\n")).isEqualTo(UNLIMITED);
    assertThat(CgroupLimits.v2CpuMillis("200000 100000\n")).isEqualTo(2000);
    assertThat(CgroupLimits.v2CpuMillis("75000 100000")).isEqualTo(750);
  }

  @Test
  void readsTheProcessCgroups() {
    var own = CgroupLimits.ownCgroups(V1_SELF);
    assertThat(own).containsEntry("memory", "/hearth/node").containsEntry("cpu", "/hearth/node")
        .containsEntry("cpuacct", "/hearth/node").containsEntry("name=systemd", "/init.scope")
        .containsEntry(CgroupLimits.UNIFIED, "/init.scope");
    assertThat(CgroupLimits.v1Hierarchy(V1_SELF, "cpu")).isEqualTo("cpu,cpuacct");
    assertThat(CgroupLimits.ownCgroups("0::/user.slice/x.scope\n")).containsOnlyKeys(CgroupLimits.UNIFIED);
  }

  // --- arithmetic

  @Test
  void headroomIsTenPercentAtMostOneGib() {
    assertThat(NodeCapacity.headroomBytes(2 * GIB)).isEqualTo(2 * GIB / 100 * 10);
    assertThat(NodeCapacity.headroomBytes(64 * GIB)).isEqualTo(GIB);
  }

  @Test
  void takesTheSmallestLimitThenTheCaps() {
    assertThat(NodeCapacity.of(16 * GIB, UNLIMITED, 8, UNLIMITED, 0, 0)).isEqualTo(new NodeCapacity(15 * GIB, 8000));
    assertThat(NodeCapacity.of(16 * GIB, 4 * GIB, 8, 2500, 0, 0))
        .isEqualTo(new NodeCapacity(4 * GIB - NodeCapacity.headroomBytes(4 * GIB), 2500));
    assertThat(NodeCapacity.of(16 * GIB, UNLIMITED, 8, UNLIMITED, 2 * GIB, 1000)).isEqualTo(new NodeCapacity(2 * GIB, 1000));
    // a cap above what the node has does not raise it
    assertThat(NodeCapacity.of(16 * GIB, UNLIMITED, 2, UNLIMITED, 64 * GIB, 9000)).isEqualTo(new NodeCapacity(15 * GIB, 2000));
    assertThatThrownBy(() -> NodeCapacity.of(GIB, UNLIMITED, 1, UNLIMITED, -1, 0)).hasMessageContaining("0 (no cap)");
  }

  // --- probing fixture trees

  @Test
  void probesCgroupV1AndItsAncestors() throws IOException {
    write("proc/meminfo", MEMINFO_16G);
    write("proc/self/cgroup", V1_SELF);
    write("sys/fs/cgroup/memory/memory.limit_in_bytes", "9223372036854771712\n");
    write("sys/fs/cgroup/memory/hearth/memory.limit_in_bytes", "8589934592\n"); // the parent limits: 8 GiB
    write("sys/fs/cgroup/memory/hearth/node/memory.limit_in_bytes", "9223372036854771712\n");
    write("sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us", "-1\n"); // mounted under the joined name only
    write("sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us", "100000\n");
    write("sys/fs/cgroup/cpu,cpuacct/hearth/node/cpu.cfs_quota_us", "350000\n");
    write("sys/fs/cgroup/cpu,cpuacct/hearth/node/cpu.cfs_period_us", "100000\n");
    assertThat(NodeCapacity.probe(root, 16, 0, 0))
        .isEqualTo(new NodeCapacity(8 * GIB - NodeCapacity.headroomBytes(8 * GIB), 3500));
  }

  @Test
  void probesCgroupV2() throws IOException {
    write("proc/meminfo", MEMINFO_16G);
    write("proc/self/cgroup", "0::/system.slice/hearth.service\n");
    write("sys/fs/cgroup/cgroup.controllers", "cpu memory pids\n");
    write("sys/fs/cgroup/system.slice/memory.max", "max\n");
    write("sys/fs/cgroup/system.slice/cpu.max", "max 100000\n");
    write("sys/fs/cgroup/system.slice/hearth.service/memory.max", "4294967296\n");
    write("sys/fs/cgroup/system.slice/hearth.service/cpu.max", "150000 100000\n");
    assertThat(NodeCapacity.probe(root, 4, 0, 0))
        .isEqualTo(new NodeCapacity(4 * GIB - NodeCapacity.headroomBytes(4 * GIB), 1500));
  }

  @Test
  void aContainerWithoutCgroupNamespaceSeesItsLimitAtTheMountRoot() throws IOException {
    write("proc/meminfo", MEMINFO_16G);
    write("proc/self/cgroup", "4:memory:/docker/abc\n2:cpu,cpuacct:/docker/abc\n");
    write("sys/fs/cgroup/memory/memory.limit_in_bytes", "1073741824\n"); // /docker/abc is bind-mounted here
    write("sys/fs/cgroup/cpu/cpu.cfs_quota_us", "200000\n");
    write("sys/fs/cgroup/cpu/cpu.cfs_period_us", "100000\n");
    assertThat(NodeCapacity.probe(root, 8, 0, 0)).isEqualTo(new NodeCapacity(GIB - NodeCapacity.headroomBytes(GIB), 2000));
  }

  @Test
  void missingCgroupFilesMeanNoLimit() throws IOException {
    write("proc/meminfo", MEMINFO_16G);
    assertThat(NodeCapacity.probe(root, 2, 0, 0)).isEqualTo(new NodeCapacity(15 * GIB, 2000)); // no /proc/self/cgroup
    write("proc/self/cgroup", V1_SELF);
    assertThat(NodeCapacity.probe(root, 2, 0, 0)).isEqualTo(new NodeCapacity(15 * GIB, 2000)); // no cgroup mounts
    write("proc/self/cgroup", "0::/a/b\n");
    write("sys/fs/cgroup/a/memory.max", "max\n"); // hybrid or partial trees: only what exists counts
    assertThat(NodeCapacity.probe(root, 2, GIB, 500)).isEqualTo(new NodeCapacity(GIB, 500));
  }

  @Test
  void missingMeminfoSaysWhatToDo() {
    assertThatThrownBy(() -> NodeCapacity.probe(root, 2, 0, 0)).hasMessageContaining("/proc/meminfo")
        .hasMessageContaining("maximum total memory");
  }

  @Test
  void probesThisMachine() {
    NodeCapacity c = NodeCapacity.probe(0, 0);
    System.out.printf("this machine: %d MiB, %d milli-CPUs%n", c.memoryBytes() >> 20, c.cpuMillis());
    assertThat(c.memoryBytes()).isPositive();
    assertThat(c.cpuMillis()).isPositive();
  }

  private void write(String rel, String content) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }
}
