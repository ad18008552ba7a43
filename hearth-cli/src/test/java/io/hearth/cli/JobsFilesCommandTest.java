package io.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.time.Clock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code hearth jobs log|output|wait} against a canned server on loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JobsFilesCommandTest {
  private static final byte[] TAR = {'u', 's', 't', 'a', 'r', 0, (byte) 0xff};

  @TempDir Path dir;
  private CannedServer server;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws Exception {
    server = new CannedServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    Context ctx = new Context(Map.of("HEARTH_URL", server.url()), new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        Clock.system(), onStop -> () -> { });
    return Cli.run(args, ctx);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String job(String state, String exitCode, String error) {
    return "{\"id\": \"j1\", \"state\": \"" + state + "\", \"attempt\": 1, \"exit_code\": " + exitCode
        + ", \"runtime_status\": {\"error\": " + (error == null ? "null" : "\"" + error + "\"") + "}}";
  }

  private void text(String route, String body) {
    server.answer(route, () -> new CannedServer.Answer(200, "text/plain; charset=utf-8",
        body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void logPrintsTheLogAndTakesAnAttempt() {
    text("GET /v2/jobs/j1/log", "hello\n");
    text("GET /v2/jobs/j1/log?attempt=1", "first\n");
    assertThat(run("jobs", "log", "j1")).isZero();
    assertThat(out()).isEqualTo("hello\n");
    assertThat(run("jobs", "log", "--attempt", "1", "j1")).isZero();
    assertThat(out()).isEqualTo("first\n");
    assertThat(run("jobs", "log", "--attempt", "0", "j1")).isEqualTo(CliFailure.USAGE);
  }

  @Test
  void followWaitsForTheJobToStartThenStreams() {
    AtomicInteger reads = new AtomicInteger();
    server.answer("GET /v2/jobs/j1", () -> CannedServer.Answer.json(200,
        job(reads.incrementAndGet() == 1 ? "queued" : "running", "null", null)));
    text("GET /v2/jobs/j1/log?follow=true", "line 1\nline 2\n");
    assertThat(run("jobs", "log", "-f", "j1")).isZero();
    assertThat(out()).isEqualTo("line 1\nline 2\n");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("waiting for job j1 to start (it is queued)");
    assertThat(server.count("GET", "/v2/jobs/j1")).isEqualTo(2);
  }

  @Test
  void followingAnEndedJobPrintsItsWholeLog() {
    server.json("GET /v2/jobs/j1", 200, job("complete", "0", null));
    text("GET /v2/jobs/j1/log", "done\n");
    assertThat(run("jobs", "log", "--follow", "j1")).isZero();
    assertThat(out()).isEqualTo("done\n");
    assertThat(server.count("GET", "/v2/jobs/j1/log?follow=true")).isZero();
  }

  @Test
  void aMissingLogIsTheServersMessage() {
    server.json("GET /v2/jobs/j1/log", 404, "{\"message\": \"No log yet: job j1 has not run (it is queued)\"}");
    assertThat(run("jobs", "log", "j1")).isEqualTo(CliFailure.SERVER_ERROR);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("No log yet: job j1 has not run (it is queued) (404)");
  }

  @Test
  void outputGoesToAFileOrStandardOutputByteForByte() throws Exception {
    server.answer("GET /v2/jobs/j1/output", () -> new CannedServer.Answer(200, "application/x-tar", TAR));
    Path file = dir.resolve("out.tar");
    assertThat(run("jobs", "output", "j1", "-o", file.toString())).isZero();
    assertThat(Files.readAllBytes(file)).isEqualTo(TAR);
    assertThat(Files.exists(dir.resolve("out.tar.part"))).isFalse();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("wrote 7 bytes");
    assertThat(run("jobs", "output", "j1")).isZero();
    assertThat(out.toByteArray()).isEqualTo(TAR);
  }

  @Test
  void outputOfARunningJobIsTheServersMessageAndNoFile() {
    server.json("GET /v2/jobs/j1/output", 404,
        "{\"message\": \"No output yet: job j1 has not finished (attempt 1 is running): its output is kept when it ends\"}");
    Path file = dir.resolve("out.tar");
    assertThat(run("jobs", "output", "j1", "-o", file.toString())).isEqualTo(CliFailure.SERVER_ERROR);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("its output is kept when it ends");
    assertThat(Files.exists(file)).isFalse();
  }

  @Test
  void waitPollsUntilTheJobEndsAndExitsBySuccess() {
    AtomicInteger reads = new AtomicInteger();
    server.answer("GET /v2/jobs/j1", () -> CannedServer.Answer.json(200,
        reads.incrementAndGet() == 1 ? job("running", "null", null) : job("complete", "0", null)));
    assertThat(run("jobs", "wait", "j1")).isZero();
    assertThat(out()).isEqualTo("job j1 complete: exit code 0 (attempt 1)\n");
    assertThat(reads.get()).isEqualTo(2);
  }

  @Test
  void waitExitsNonZeroForAFailedOrCancelledJob() {
    server.json("GET /v2/jobs/j1", 200, job("complete", "3", null));
    assertThat(run("jobs", "wait", "j1")).isEqualTo(JobsWaitCommand.FAILED);
    assertThat(out()).isEqualTo("job j1 complete: exit code 3 (attempt 1)\n");
    server.json("GET /v2/jobs/j1", 200, job("cancelled", "null", "cancelled after 3 attempts"));
    assertThat(run("jobs", "wait", "j1")).isEqualTo(JobsWaitCommand.FAILED);
    assertThat(out()).isEqualTo("job j1 cancelled: cancelled after 3 attempts\n");
  }

  @Test
  void waitGivesUpAfterItsTimeout() {
    server.json("GET /v2/jobs/j1", 200, job("queued", "null", null));
    assertThat(run("jobs", "wait", "j1", "--timeout", "1")).isEqualTo(JobsWaitCommand.TIMED_OUT);
    assertThat(out()).isEqualTo("job j1 is still queued after 1s\n");
    assertThat(run("jobs", "wait", "j1", "--timeout", "0")).isEqualTo(CliFailure.USAGE);
  }
}
