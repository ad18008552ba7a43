package io.hearth.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.driver.ContainerSpec;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.docker.testing.fn.ReadyMain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures create, start and start-to-ready ({@code lsnr.sock} appears) of a hardened 128 MB
 * container for a few JVM option sets. Run with {@code -Dhearth.measure=true}.
 */
@EnabledIfSystemProperty(named = "hearth.measure", matches = "true")
class StartTimeMeasurementTest {
  static final int RUNS = 16;
  @TempDir Path tmp;

  @Test
  void baseImageBuild() {
    String repository = "hearth-test-measure-" + Long.toHexString(System.nanoTime());
    ImageBuilder builder = new ImageBuilder(TestDocker.engine(), ImageBuilder.Options.defaults()
        .withBaseRepository(repository).withLabels(Map.of(TestDocker.TEST_LABEL, "true")), io.hearth.core.time.Clock.system());
    long t0 = System.nanoTime();
    String tag = builder.ensureBaseImage(Set.of());
    TestDocker.removeImageAtExit(tag);
    System.out.printf("base image %s built in %d ms (jlink and build: see the log line)%n", tag,
        (System.nanoTime() - t0) / 1_000_000);
    assertThat(builder.imageId(tag)).isNotNull();
  }

  @Test
  void measure() throws Exception {
    DockerDriver driver = TestDocker.driver();
    ImageBuilder builder = TestImages.builder();
    List<Path> cp = TestImages.classpathOf(ReadyMain.class);
    Map<String, List<String>> variants = new java.util.LinkedHashMap<>();
    variants.put("hearth defaults", List.of());
    variants.put("defaults + -Xshare:off", List.of("-Xshare:off"));
    variants.put("defaults + C2 (TieredStopAtLevel=4)", List.of("-XX:TieredStopAtLevel=4"));
    Map<String, String> tags = new java.util.LinkedHashMap<>();
    for (var v : variants.entrySet()) {
      String tag = "hearth-test/measure-" + Math.abs(v.getKey().hashCode()) + ":1";
      long b0 = System.nanoTime();
      builder.buildFunctionImage(new FunctionImageSpec(tag, cp, ReadyMain.class.getName(), v.getValue(), Set.of(),
          Map.of(TestDocker.TEST_LABEL, "true")));
      System.out.printf("%-38s function image build %d ms%n", v.getKey(), (System.nanoTime() - b0) / 1_000_000);
      TestDocker.removeImageAtExit(tag);
      tags.put(v.getKey(), tag);
    }
    Map<String, List<long[]>> samples = new java.util.LinkedHashMap<>();
    for (int i = 0; i < RUNS; i++) { // variants interleaved, so drift of the machine hits them alike
      for (var v : tags.entrySet()) {
        Path dir = TestDocker.socketDir(tmp.resolve("m" + Math.abs(v.getKey().hashCode()) + "-" + i));
        ContainerSpec spec = new ContainerSpec("hearth-test-measure-" + UUID.randomUUID(), v.getValue(), Map.of(),
            TestDocker.labels(), dir, 128L << 20, 0, 50, 350, true, 0, "1000:1000");
        long t0 = System.nanoTime();
        String id = driver.create(spec);
        long t1 = System.nanoTime();
        driver.start(id);
        long t2 = System.nanoTime();
        DockerDriverIntegrationTest.awaitSocket(dir);
        long t3 = System.nanoTime();
        driver.remove(id);
        if (i > 0) { // the first round warms the engine and page cache
          samples.computeIfAbsent(v.getKey(), k -> new ArrayList<>())
              .add(new long[] {(t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t3 - t0) / 1_000_000});
        }
      }
    }
    samples.forEach((k, s) -> System.out.printf("%-38s create %s | start %s | start->ready %s | total %s ms%n", k,
        stats(s, 0), stats(s, 1), stats(s, 2), stats(s, 3)));
    assertThat(variants).isNotEmpty();
  }

  private static String stats(List<long[]> samples, int k) {
    long[] v = samples.stream().mapToLong(s -> s[k]).sorted().toArray();
    return String.format("med %3d [%3d..%3d]", v[v.length / 2], v[0], v[v.length - 1]);
  }
}
