package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.cli.Cli;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job run to completion on an all-in-one node and the real engine, followed through the CLI as
 * the README shows: {@code jobs log -f} streams it from its exec until it ends, {@code jobs wait}
 * exits by its success, {@code jobs output} writes the tar of its {@code /out}, and afterwards the
 * log and output come from the datastore, and the metrics count it. A failing job makes {@code wait}
 * exit non-zero.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class JobRunCliIntegrationTest {
  static TestServer node;
  static String busybox;

  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  @BeforeAll
  static void start() throws Exception {
    TestDocker.driver();
    busybox = TestImages.busybox();
    node = TestServer.start(Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  static Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Cli.run(args, Map.of("HEARTH_URL", node.url("")), new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aJobsLogIsFollowedItsEndAwaitedAndItsOutputFetched() throws Exception {
    Run submitted = cli("jobs", "submit", busybox, "--cpus", "1", "--ram", "64Mi", "-q", "--", "sh", "-c",
        "echo one; echo two >&2; mkdir -p /out/sub; echo result > /out/sub/r.txt; sleep 1; echo three");
    assertThat(submitted.code()).as(submitted.err()).isZero();
    String id = submitted.out().strip();

    Run followed = cli("jobs", "log", "-f", id);
    assertThat(followed.code()).as(followed.err()).isZero();
    assertThat(followed.out()).contains("one\n", "two\n", "three\n");

    Run waited = cli("jobs", "wait", id, "--timeout", "120");
    assertThat(waited.code()).as(waited.out() + waited.err()).isZero();
    assertThat(waited.out()).isEqualTo("job " + id + " complete: exit code 0 (attempt 1)\n");

    Path tar = dir.resolve("out.tar");
    Run output = cli("jobs", "output", id, "-o", tar.toString());
    assertThat(output.code()).as(output.err()).isZero();
    Map<String, String> files = new HashMap<>();
    try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream t = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry e = t.getNextEntry(); e != null; e = t.getNextEntry()) {
        if (e.isFile()) {
          files.put(e.getName().replaceFirst("^\\./", ""), new String(t.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    assertThat(files).containsEntry("sub/r.txt", "result\n");

    Run kept = cli("jobs", "log", id);
    assertThat(kept.code()).as(kept.err()).isZero();
    assertThat(kept.out()).contains("one\n", "two\n", "three\n");

    // The dispatcher's work is on /metrics (other tests' jobs on this node may add to the counts).
    String metrics = node.send("GET", "/metrics", null).body();
    assertThat(value(metrics, "hearth_job_locks_total")).isGreaterThanOrEqualTo(1);
    assertThat(value(metrics, "hearth_job_wait_seconds_count")).isGreaterThanOrEqualTo(1);
    assertThat(value(metrics, "hearth_jobs_ended_total{outcome=\"succeeded\"}")).isGreaterThanOrEqualTo(1);
  }

  private static double value(String scrape, String series) {
    for (String line : scrape.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1));
      }
    }
    throw new AssertionError("no " + series + " in /metrics:\n" + scrape);
  }

  @Test
  void waitExitsNonZeroForAJobThatFails() {
    Run submitted = cli("jobs", "submit", busybox, "--cpus", "1", "--ram", "64Mi", "--max-attempts", "1", "-q", "--",
        "sh", "-c", "echo failing; exit 3");
    assertThat(submitted.code()).as(submitted.err()).isZero();
    String id = submitted.out().strip();
    Run waited = cli("jobs", "wait", id, "--timeout", "120");
    assertThat(waited.code()).as(waited.out() + waited.err()).isEqualTo(5);
    assertThat(waited.out()).isEqualTo("job " + id + " complete: exit code 3 (attempt 1)\n");
    Run log = cli("jobs", "log", id);
    assertThat(log.code()).as(log.err()).isZero();
    assertThat(log.out()).isEqualTo("failing\n");
  }
}
