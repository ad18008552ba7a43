package io.hearth.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The nodes the benchmarks start as processes run with the JVM options of the {@code hearth}
 * launcher: an idle node's memory measured here is what users' nodes take.
 */
class NodeJvmOptionsTest {
  private static final Pattern NODE_JVM_OPTS = Pattern.compile("(?m)^NODE_JVM_OPTS=\\(([^)]*)\\)$");

  @Test
  void benchmarkNodesRunWithTheLaunchersOptions() throws Exception {
    Path launcher = Path.of(System.getProperty("hearth.repo.root", ".."), "hearth");
    Matcher m = NODE_JVM_OPTS.matcher(Files.readString(launcher));
    assertThat(m.find()).as("NODE_JVM_OPTS=(...) in %s", launcher.toAbsolutePath()).isTrue();
    List<String> launcherOptions = Arrays.asList(m.group(1).trim().split("\\s+"));
    assertThat(NodeProcess.jvmOptions()).isEqualTo(launcherOptions);
  }
}
