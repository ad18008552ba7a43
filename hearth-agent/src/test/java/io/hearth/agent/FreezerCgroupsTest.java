package io.hearth.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.agent.FreezerCgroups.Mount;
import io.hearth.agent.FreezerCgroups.Template;
import io.hearth.agent.FreezerCgroups.Version;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FreezerCgroupsTest {
  static final String ID = "3a4cfa2ae9c670f5b97310a1042c54867944e65b1b3c2fe6126f31a010cbc38f";

  static final String HYBRID = """
      31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
      32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
      37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime shared:9 - cgroup cgroup rw,freezer
      40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
      41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw,nsdelegate
      """;
  static final String UNIFIED = """
      22 1 259:1 / / rw,relatime shared:1 - ext4 /dev/root rw
      26 22 0:23 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
      """;

  @Test
  void findsTheV1FreezerBeforeCgroup2() {
    assertThat(FreezerCgroups.mounts(HYBRID)).containsExactly(
        new Mount(Version.V1, "/", Path.of("/sys/fs/cgroup/freezer")),
        new Mount(Version.V2, "/", Path.of("/sys/fs/cgroup/unified")));
    assertThat(FreezerCgroups.mounts(UNIFIED)).containsExactly(new Mount(Version.V2, "/", Path.of("/sys/fs/cgroup")));
    assertThat(FreezerCgroups.mounts("garbage\n\n1 2 3\n")).isEmpty();
  }

  @Test
  void readsJoinedControllersAndEscapedPaths() {
    String info = "50 31 0:40 /docker/x /sys/fs/cgroup/with\\040space ro,relatime - cgroup cgroup rw,freezer,devices\n";
    assertThat(FreezerCgroups.mounts(info))
        .containsExactly(new Mount(Version.V1, "/docker/x", Path.of("/sys/fs/cgroup/with space")));
  }

  @Test
  void mapsCgroupPathsIntoAMount() {
    Mount whole = new Mount(Version.V1, "/", Path.of("/sys/fs/cgroup/freezer"));
    assertThat(whole.dirOf("/docker/" + ID)).isEqualTo(Path.of("/sys/fs/cgroup/freezer/docker/" + ID));
    assertThat(whole.dirOf("/")).isEqualTo(Path.of("/sys/fs/cgroup/freezer"));
    Mount bound = new Mount(Version.V2, "/kubepods/pod1", Path.of("/sys/fs/cgroup"));
    assertThat(bound.dirOf("/kubepods/pod1/docker-" + ID + ".scope"))
        .isEqualTo(Path.of("/sys/fs/cgroup/docker-" + ID + ".scope"));
    assertThat(bound.dirOf("/kubepods/pod10/x")).isNull();
    assertThat(bound.dirOf("/elsewhere")).isNull();
  }

  @Test
  void readsAProcessCgroupForEachVersion() {
    String cgroupfs = """
        9:name=systemd:/docker/%1$s
        6:freezer:/docker/%1$s
        1:cpu,cpuacct:/docker/%1$s
        0::/docker/%1$s
        """.formatted(ID);
    assertThat(FreezerCgroups.cgroupPath(cgroupfs, Version.V1)).isEqualTo("/docker/" + ID);
    assertThat(FreezerCgroups.cgroupPath(cgroupfs, Version.V2)).isEqualTo("/docker/" + ID);
    String systemd = "0::/system.slice/docker-" + ID + ".scope\n";
    assertThat(FreezerCgroups.cgroupPath(systemd, Version.V2)).isEqualTo("/system.slice/docker-" + ID + ".scope");
    assertThat(FreezerCgroups.cgroupPath(systemd, Version.V1)).isNull();
    assertThat(FreezerCgroups.cgroupPath("7:devices,freezer:/x\n", Version.V1)).isEqualTo("/x");
  }

  @Test
  void learnsWhereContainerCgroupsGo() {
    Template cgroupfs = Template.learn("/docker/" + ID, ID);
    assertThat(cgroupfs).isEqualTo(new Template("/docker/", ""));
    assertThat(cgroupfs.pathOf("abc")).isEqualTo("/docker/abc");
    Template systemd = Template.learn("/system.slice/docker-" + ID + ".scope", ID);
    assertThat(systemd.pathOf("abc")).isEqualTo("/system.slice/docker-abc.scope");
    assertThat(Template.learn("/custom/parent", ID)).isNull();
    assertThat(FreezerCgroups.wellKnown()).contains(cgroupfs, systemd);
  }
}
