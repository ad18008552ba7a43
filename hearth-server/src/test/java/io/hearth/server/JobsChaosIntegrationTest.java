package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.docker.DockerEngine;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 12's chaos test, with real processes on 127.0.0.1, a fresh PostgreSQL schema and the real
 * Docker Engine: an api node (the cluster's dispatcher) and three runners of the class {@code small},
 * each failing a tenth of its container starts on purpose ({@code HEARTH_FAULT_EXEC_START_RATE}),
 * run 200 jobs of seeded random priorities, memory (16 to 64 MiB), run times (0 to 2 s) and exit
 * codes, two at a time per runner (their CPUs). Mid-run one runner is killed (SIGKILL; its
 * containers run on to their end, no one renews its leases) and then the api node is killed -9 and
 * started again under another node id, so its dispatcher ({@code hearth-dispatcher/api-b}) takes
 * over the first one's locks and re-adopts its running attempts. It passes when every job ended
 * once (complete with one complete attempt, or cancelled with a reason), no job's attempts
 * overlapped and no sample of the engine's running containers showed two of one job, the queue
 * moved on (the longest gap is printed against the 5 s target; the assertion is a stall bound, as
 * tests never fail on timing; {@code -Dhearth.chaos.strict=true} asserts the 5 s), and afterwards no
 * alloc is active and no job container runs. The seed is printed; {@code -Dhearth.chaos.seed=N}
 * repeats one.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class JobsChaosIntegrationTest {
  static final int JOBS = 200;
  static final Duration START = Duration.ofSeconds(90);
  /** Every job final within this of the submit, whatever happens. */
  static final Duration RUN_BOUND = Duration.ofSeconds(200);
  /** A gap longer than this is a stalled queue (the target is 5 s). */
  static final Duration STALL = Duration.ofSeconds(Boolean.getBoolean("hearth.chaos.strict") ? 5 : 60);
  static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  final List<NodeProcess> nodes = new ArrayList<>();
  PostgresTestSchema schema;
  Path logs;
  String apiUrl;

  @AfterEach
  void stopEverything() throws Exception {
    for (NodeProcess p : nodes) {
      p.kill(); // bounded; nothing to drain for
    }
    if (schema != null) {
      schema.close();
    }
    for (String id : TestDocker.driver().list(Map.of(TestDocker.RUN_LABEL, TestDocker.RUN_ID))) {
      TestDocker.driver().remove(id); // exited exec containers wait an hour for their runner's collection
    }
    System.out.println("chaos test logs: " + logs);
  }

  @Test
  void twoHundredJobsEndOnceThroughARunnersAndTheDispatchersDeath() throws Exception {
    TestDocker.driver(); // skips when no engine answers
    schema = PostgresTestSchema.create(); // skips when PostgreSQL does not answer
    long seed = Long.getLong("hearth.chaos.seed", System.nanoTime());
    System.out.println("chaos seed: " + seed + " (-Dhearth.chaos.seed=" + seed + " repeats it)");
    Random rnd = new Random(seed);
    logs = Files.createTempDirectory("hearth-jobs-chaos-");
    String run = UUID.randomUUID().toString().substring(0, 6);
    Path types = Files.writeString(logs.resolve("instance-types"),
        "small vcpus=2 ram=256Mi scratch=1Gi gpus=0 price=0.10 preemptible=false\n");
    Map<String, String> common = new HashMap<>();
    common.put("HEARTH_HOST", "127.0.0.1");
    common.put("HEARTH_DB_URL", schema.url());
    common.put("HEARTH_DEMO", "false");
    common.put("HEARTH_LOG_LEVEL", "info"); // the summary quotes the restarted api node's recovery line
    common.put("HEARTH_INSTANCE_TYPES", types.toString());
    int apiPort = NodeProcess.freePort();
    Map<String, String> apiEnv = new HashMap<>(common);
    apiEnv.put("HEARTH_NODE_TYPE", "api");
    apiEnv.put("HEARTH_PORT", Integer.toString(apiPort));
    apiEnv.put("HEARTH_DATA_DIR", logs.resolve("api").toString());
    apiEnv.put("HEARTH_NODE_ID", "api-a");
    apiEnv.put("HEARTH_JOB_MAX_OUTPUT_BYTES", Integer.toString(1 << 20));
    NodeProcess api = start("api-a", List.of(), apiEnv);
    apiUrl = api.awaitRunning(START); // the schema is migrated before the runners start
    List<NodeProcess> runners = new ArrayList<>();
    List<String> runnerIds = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String id = "c" + run + "-r" + i;
      runnerIds.add(id);
      Map<String, String> env = new HashMap<>(common);
      env.put("HEARTH_PORT", "0");
      env.put("HEARTH_GRPC_PORT", Integer.toString(NodeProcess.freePort()));
      env.put("HEARTH_NODE_ID", id);
      env.put("HEARTH_DATA_DIR", logs.resolve(id).toString());
      env.put("HEARTH_INSTANCE_TYPE", "small");
      env.put("HEARTH_FAULT_EXEC_START_RATE", "0.1");
      env.put("HEARTH_MAX_TOTAL_MEMORY_BYTES", Long.toString(256L << 20));
      env.put("HEARTH_MAX_TOTAL_CPU_MCPUS", "2000");
      env.put("HEARTH_MAX_DISK_BYTES", Long.toString(1L << 30));
      env.put("HEARTH_RUNNER_HEARTBEAT_MSECS", "250");
      env.put("HEARTH_DOCKER_SOCKET", TestDocker.SOCKET.toString());
      env.put("HEARTH_SOCKET_DIR", "/tmp/hearth-test/" + id);
      env.put("HEARTH_CONTAINER_LABELS", TestDocker.labels().entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining(",")));
      runners.add(start("runner" + i, List.of("--role", "runner"), env));
    }
    for (NodeProcess r : runners) {
      r.awaitRunning(START);
    }
    TestCluster.eventually(Duration.ofSeconds(30), () -> {
      JsonNode offers = json("GET", "/v2/offers", null, 200);
      assertThat(offers.get("items")).hasSize(3);
      offers.get("items").forEach(o -> assertThat(o.get("instance_type").asText()).isEqualTo("small"));
    });

    String image = TestImages.busybox();
    List<String> ids = new ArrayList<>();
    Instant submitted = Instant.now();
    for (int i = 0; i < JOBS; i++) {
      ids.add(json("POST", "/v2/jobs", ChaosJobs.body(i, rnd, image, run), 201).get("id").asText());
    }

    ContainerSampler sampler = new ContainerSampler();
    Thread sampling = Thread.ofPlatform().daemon().name("chaos-docker-ps").start(sampler);
    List<Instant> progress = new ArrayList<>(List.of(Instant.now()));
    int done = 0;
    Instant runnerKilled = null;
    Instant apiKilled = null;
    Instant apiBack = null;
    Instant until = submitted.plus(RUN_BOUND);
    while (done < JOBS && Instant.now().isBefore(until)) {
      Thread.sleep(1000);
      int now = finalJobs();
      if (now > done) {
        progress.add(Instant.now());
        done = now;
      }
      if (runnerKilled == null && done >= 25 && (runsOn(runnerIds.get(2)) || done >= 60)) {
        runners.get(2).kill(); // as soon as it runs a job (it always has by 60 final)
        runnerKilled = Instant.now();
        System.out.println("chaos: killed runner 2 (SIGKILL) with " + done + " jobs final, running there: "
            + runningOn(runnerIds.get(2)));
      } else if (apiKilled == null && runnerKilled != null && done >= 70) {
        api.kill();
        apiKilled = Instant.now();
        System.out.println("chaos: killed the api node (the dispatcher) -9 with " + done + " jobs final");
        apiEnv.put("HEARTH_NODE_ID", "api-b");
        api = start("api-b", List.of(), apiEnv);
        apiUrl = api.awaitRunning(START);
        apiBack = Instant.now();
        System.out.println("chaos: the api node is back as api-b after " + Duration.between(apiKilled, apiBack).toMillis()
            + " ms");
      }
    }
    Duration took = Duration.between(submitted, Instant.now());
    sampler.stop();
    sampling.join(5000);
    assertThat(done).as("jobs final within %s (see %s)", RUN_BOUND, logs).isEqualTo(JOBS);
    assertThat(apiBack).as("the runner and then the api node were killed mid-run").isNotNull();

    ChaosJobs.Tally tally = new ChaosJobs.Tally();
    for (String id : ids) {
      tally.add(json("GET", "/v2/jobs/" + id, null, 200), json("GET", "/v2/jobs/" + id + "/attempts", null, 200)
          .get("items"));
    }
    Gaps gaps = Gaps.of(progress, apiKilled, apiBack);
    System.out.printf("chaos summary: seed %d, %d jobs in %d s: %s; %d attempts, %d jobs retried, %d with a failed "
            + "start, %d exited non-zero; longest progress gap %d ms (%d ms across the api restart, which took %d ms;"
            + " %d ms measured from the api's return); api-b %s; %d engine samples, at most %d job containers running at"
            + " once%n",
        seed, JOBS, took.toSeconds(), tally.outcomes, tally.attempts, tally.retried, tally.startFailures,
        tally.nonZeroExits, gaps.longestBesideRestart.toMillis(), gaps.acrossRestart.toMillis(),
        Duration.between(apiKilled, apiBack).toMillis(), gaps.fromReturn.toMillis(), recovered(), sampler.samples.get(),
        sampler.mostRunning.get());
    assertThat(tally.problems).as("every job ended once, its attempts one after another").isEmpty();
    assertThat(sampler.twice).as("no sample of the engine showed two containers of one job").isEmpty();
    assertThat(gaps.longestBesideRestart).as("the queue moved on (target 5 s)").isLessThanOrEqualTo(STALL);
    assertThat(gaps.fromReturn).as("after the api's return (target 5 s)").isLessThanOrEqualTo(STALL);

    TestCluster.eventually(Duration.ofSeconds(90), () -> assertThat(json("GET", "/v2/allocs?state=active&per_page=100",
        null, 200).get("items")).as("no alloc is left active (the dead runner's expire)").isEmpty());
    assertThat(new ContainerSampler().running()).as("no job container runs").isEmpty();
  }

  /** Whether a job runs on {@code nodeId} now. */
  private boolean runsOn(String nodeId) {
    try {
      return runningOn(nodeId) > 0;
    } catch (Exception | AssertionError e) {
      return false;
    }
  }

  private int runningOn(String nodeId) throws Exception {
    int n = 0;
    for (JsonNode j : json("GET", "/v2/jobs?state=running&per_page=100", null, 200).get("items")) {
      n += nodeId.equals(j.path("node_id").asText()) ? 1 : 0;
    }
    return n;
  }

  /** What the log says the restarted dispatcher re-adopted. */
  private String recovered() throws Exception {
    return Files.readAllLines(logs.resolve("api-b.err")).stream().filter(l -> l.contains("recovered"))
        .map(l -> l.substring(l.indexOf("recovered"))).findFirst().orElse("(no recovery logged)");
  }

  private NodeProcess start(String name, List<String> args, Map<String, String> env) throws Exception {
    NodeProcess p = NodeProcess.start(name, args, env, logs);
    nodes.add(p);
    return p;
  }

  /** Jobs final now: all of them but those in the scheduler's order (which lists only the unfinished); -1 when the api is away. */
  private int finalJobs() {
    try {
      return JOBS - json("GET", "/v2/jobs?order=scheduler&limit=1000", null, 200).get("items").size();
    } catch (Exception | AssertionError e) {
      return -1;
    }
  }

  private JsonNode json(String method, String path, String body, int status) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(apiUrl + path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
    return TestServer.JSON.readTree(r.body());
  }

  /** The longest gaps between two moments the count of final jobs grew. */
  record Gaps(Duration longestBesideRestart, Duration acrossRestart, Duration fromReturn) {
    static Gaps of(List<Instant> progress, Instant apiKilled, Instant apiBack) {
      Duration beside = Duration.ZERO;
      Duration across = Duration.ZERO;
      Duration fromReturn = Duration.ZERO;
      for (int i = 1; i < progress.size(); i++) {
        Instant a = progress.get(i - 1);
        Instant b = progress.get(i);
        if (apiKilled != null && !b.isBefore(apiKilled) && a.isBefore(apiBack)) {
          across = max(across, Duration.between(a, b));
          fromReturn = max(fromReturn, Duration.between(a.isAfter(apiBack) ? a : apiBack, b));
        } else {
          beside = max(beside, Duration.between(a, b));
        }
      }
      return new Gaps(beside, across, fromReturn);
    }

    private static Duration max(Duration a, Duration b) {
      return a.compareTo(b) >= 0 ? a : b;
    }
  }

  /** Samples the engine's running job containers of this run every 300 ms; notes a job seen twice at once. */
  static final class ContainerSampler implements Runnable {
    final AtomicInteger samples = new AtomicInteger();
    final AtomicInteger mostRunning = new AtomicInteger();
    final ConcurrentLinkedQueue<String> twice = new ConcurrentLinkedQueue<>();
    private volatile boolean stopped;

    @Override
    public void run() {
      long until = System.nanoTime() + RUN_BOUND.plusSeconds(30).toNanos();
      while (!stopped && System.nanoTime() < until) {
        try {
          Map<String, List<String>> byJob = new HashMap<>();
          for (Map<String, String> labels : running()) {
            byJob.computeIfAbsent(labels.get("io.hearth.job"), k -> new ArrayList<>()).add(labels.get("io.hearth.attempt"));
          }
          samples.incrementAndGet();
          mostRunning.accumulateAndGet(byJob.values().stream().mapToInt(List::size).sum(), Math::max);
          byJob.forEach((job, attempts) -> {
            if (attempts.size() > 1) {
              twice.add(job + " attempts " + attempts + " at " + Instant.now());
            }
          });
          Thread.sleep(300);
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          // the engine busy for a moment: sample again
        }
      }
    }

    void stop() {
      stopped = true;
    }

    /** The labels of every running container of this run that carries a job's label. */
    List<Map<String, String>> running() {
      String filters = "{\"label\":[\"" + TestDocker.RUN_LABEL + "=" + TestDocker.RUN_ID + "\",\"io.hearth.job\"]}";
      DockerEngine engine = TestDocker.engine();
      DockerEngine.Reply r = engine.call("GET", "/containers/json?filters="
          + URLEncoder.encode(filters, StandardCharsets.UTF_8), null);
      if (!r.ok()) {
        throw new IllegalStateException("docker ps answered " + r.status());
      }
      List<Map<String, String>> found = new ArrayList<>();
      for (JsonNode c : engine.tree(r)) {
        Map<String, String> labels = new HashMap<>();
        c.path("Labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        found.add(labels);
      }
      return found;
    }
  }
}
