package io.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.core.time.Clock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code hearth jobs ...} parsed, sent and printed, against a canned server on loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JobsCommandTest {
  private static final String JOB = """
      {"id": "j1", "name": "nightly", "image": "busybox:1.36", "command": ["sh", "-c", "echo hi"],
       "env_names": [], "priority": %d, "constraints": {"vcpus": 2, "ram_bytes": 1073741824, "scratch_bytes": 0,
       "gpus": 0}, "scheduling": {"preemptible": false, "max_run_time_secs": 0, "max_attempts": 3}, "labels": {},
       "state": "%s", "exit_code": null, "runtime_status": {"error": null, "warning": null, "activity": null},
       "lock_count": 0, "locked_by": null, "attempt": 1, "created_at": "2026-01-01T00:00:00.000Z"}
      """;

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
    Context ctx = new Context(Map.of("HEARTH_URL", server.url(), "USER", "tester"),
        new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Clock.system(), onStop -> () -> { });
    return Cli.run(args, ctx);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private JsonNode sent(String method, String uri) throws Exception {
    return ApiClient.JSON.readTree(server.bodyOf(method, uri));
  }

  @Test
  void helpNamesEverySubcommand() {
    assertThat(run("jobs", "--help")).isZero();
    assertThat(out()).contains("submit", "list", "get", "cancel", "priority", "log", "output", "wait");
    assertThat(run("jobs", "submit", "--help")).isZero();
    assertThat(out()).contains("--name", "--cpus", "--ram", "--scratch", "--gpus", "--priority", "--max-attempts",
        "--max-run-time", "--label", "--env", "--preemptible");
    assertThat(Cli.USAGE).contains("jobs submit|list|get|cancel|priority|log|output|wait");
    assertThat(Cli.handles("jobs")).isTrue();
  }

  @Test
  void submitSendsTheJobAsTheApiSpellsIt() throws Exception {
    server.json("POST /v2/jobs", 201, JOB.formatted(700, "queued"));
    assertThat(run("jobs", "submit", "busybox:1.36", "--name", "nightly", "--cpus", "2", "--ram", "1Gi",
        "--scratch", "10Gi", "--gpus", "1", "--priority", "700", "--max-attempts", "5", "--max-run-time", "2h",
        "--preemptible", "--label", "team=search", "--env", "A=1", "--", "sh", "-c", "echo hi")).isZero();
    assertThat(sent("POST", "/v2/jobs")).isEqualTo(ApiClient.JSON.readTree("""
        {"name": "nightly", "image": "busybox:1.36", "command": ["sh", "-c", "echo hi"], "env": {"A": "1"},
         "priority": 700,
         "constraints": {"vcpus": 2, "ram_bytes": 1073741824, "scratch_bytes": 10737418240, "gpus": 1},
         "scheduling": {"preemptible": true, "max_run_time_secs": 7200, "max_attempts": 5},
         "labels": {"team": "search"}}"""));
    assertThat(out().strip()).isEqualTo("queued job j1 at priority 700 (2 CPU, 1Gi memory)");

    assertThat(run("jobs", "submit", "busybox", "-q", "--", "true")).isZero();
    assertThat(out().strip()).isEqualTo("j1");
    assertThat(sent("POST", "/v2/jobs")).isEqualTo(ApiClient.JSON.readTree("""
        {"image": "busybox", "command": ["true"]}"""));
    assertThat(run("jobs", "submit", "busybox", "--json")).isZero();
    assertThat(ApiClient.JSON.readTree(out()).path("id").asText()).isEqualTo("j1");
    assertThat(sent("POST", "/v2/jobs").path("command").size()).isZero();
  }

  @Test
  void maxRunTimeTakesSecondsOrAUnit() {
    assertThat(JobsCommand.seconds("90")).isEqualTo(90);
    assertThat(JobsCommand.seconds("90s")).isEqualTo(90);
    assertThat(JobsCommand.seconds("30m")).isEqualTo(1800);
    assertThat(JobsCommand.seconds("2H")).isEqualTo(7200);
  }

  @Test
  void usageMistakesExit2BeforeAnythingIsSent() {
    assertThat(run("jobs", "submit")).isEqualTo(2);
    assertThat(run("jobs", "submit", "busybox", "--priority", "1001", "--", "true")).isEqualTo(2);
    assertThat(err()).contains("--priority is 0..1000");
    assertThat(run("jobs", "submit", "busybox", "--cpus", "0")).isEqualTo(2);
    assertThat(run("jobs", "submit", "busybox", "--ram", "lots")).isEqualTo(2);
    assertThat(err()).contains("--ram takes bytes");
    assertThat(run("jobs", "submit", "busybox", "--max-run-time", "0")).isEqualTo(2);
    assertThat(run("jobs", "submit", "busybox", "--max-run-time", "1d")).isEqualTo(2);
    assertThat(err()).contains("--max-run-time takes seconds");
    assertThat(run("jobs", "submit", "busybox", "--max-attempts", "0")).isEqualTo(2);
    assertThat(run("jobs", "submit", "busybox", "--env", "A")).isEqualTo(2);
    assertThat(run("jobs", "list", "--state", "sleeping")).isEqualTo(2);
    assertThat(run("jobs", "list", "--label", "team")).isEqualTo(2);
    assertThat(run("jobs", "list", "--order", "fast")).isEqualTo(2);
    assertThat(run("jobs", "list", "--order", "scheduler", "--state", "queued")).isEqualTo(2);
    assertThat(err()).contains("takes no --state");
    assertThat(run("jobs", "priority", "j1", "2000")).isEqualTo(2);
    assertThat(run("jobs", "priority", "j1", "high")).isEqualTo(2);
    assertThat(server.requests).isEmpty();
  }

  @Test
  void listPrintsATableAndTheNextPage() throws Exception {
    String page = "{\"items\": [" + JOB.formatted(500, "queued") + "], \"next_cursor\": \"c2\"}";
    server.json("GET /v2/jobs?state=queued&label=team%3Dsearch&per_page=1", 200, page);
    server.json("GET /v2/jobs?order=scheduler&per_page=30", 200, page);
    assertThat(run("jobs", "list", "--state", "queued", "--label", "team=search", "--per-page", "1")).isZero();
    assertThat(out()).startsWith("ID").contains("j1", "nightly", "queued", "500", "busybox:1.36")
        .contains("more: hearth jobs list --state queued --label team=search --cursor c2");
    assertThat(run("jobs", "list", "--order", "scheduler", "--json")).isZero();
    assertThat(ApiClient.JSON.readTree(out()).path("items").get(0).path("id").asText()).isEqualTo("j1");
  }

  @Test
  void getCancelAndPriority() throws Exception {
    server.json("GET /v2/jobs/j1", 200, JOB.formatted(500, "queued"));
    assertThat(run("jobs", "get", "j1")).isZero();
    assertThat(ApiClient.JSON.readTree(out()).path("state").asText()).isEqualTo("queued");

    server.json("PATCH /v2/jobs/j1", 200, JOB.formatted(900, "queued"));
    assertThat(run("jobs", "priority", "j1", "900")).isZero();
    assertThat(sent("PATCH", "/v2/jobs/j1")).isEqualTo(ApiClient.JSON.readTree("{\"priority\": 900}"));
    assertThat(out().strip()).isEqualTo("job j1 now has priority 900");

    server.json("POST /v2/jobs/j1/cancel", 200, JOB.formatted(900, "cancelled"));
    assertThat(run("jobs", "cancel", "j1")).isZero();
    assertThat(out().strip()).isEqualTo("cancelled job j1");

    server.json("PATCH /v2/jobs/j1", 409, "{\"message\": \"the job is cancelled: its priority can no longer change\"}");
    assertThat(run("jobs", "priority", "j1", "10")).isEqualTo(1);
    assertThat(err().strip()).isEqualTo("hearth: the job is cancelled: its priority can no longer change (409)");
  }
}
