package io.hearth.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.core.id.Ids;
import io.hearth.core.job.Constraints;
import io.hearth.core.job.Priority;
import io.hearth.core.job.Scheduling;
import io.hearth.protocol.LeaseExchange;
import io.hearth.server.leases.TestRequests;
import io.hearth.server.jobs.JobsApiFixture.Captured;
import io.hearth.store.jobs.AttemptRow;
import io.hearth.store.jobs.JobRow;
import io.hearth.testkit.store.InMemoryJobStore;
import io.hearth.testkit.time.ManualClock;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A job's log and output through the jobs API, over the in-memory store and a fake allocs API
 * handler standing for the node's: ended attempts from the store, a running attempt's log relayed
 * from its exec (and finished from the store when followed), and every refusal as a JSON message.
 */
class AttemptFilesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final byte[] TAR = {'t', 'a', 'r', 0, 1, 2};

  private final ManualClock clock = new ManualClock();
  private final InMemoryJobStore store = new InMemoryJobStore();
  private final FakeAllocs allocs = new FakeAllocs();
  private final JobsApi api = new JobsApi(store, new Ids(clock, new Random(3)), clock, MAPPER, allocs);

  /** The allocs API of a node: answers an exec's log with {@link #log} (or {@link #status}), then runs {@link #after}. */
  final class FakeAllocs implements LeaseExchange.Handler {
    final List<LeaseExchange.Request> requests = new ArrayList<>();
    String log = "";
    int status = 200;
    Runnable after = () -> { };

    @Override
    public void handle(LeaseExchange.Request request, LeaseExchange.Reply reply) throws IOException {
      requests.add(request);
      if (status != 200) {
        try (OutputStream out = reply.open(status, "application/json")) {
          out.write("{\"message\":\"alloc a1 has no exec x1\"}".getBytes(StandardCharsets.UTF_8));
        }
        return;
      }
      try (OutputStream out = reply.open(200, "text/plain; charset=utf-8")) {
        out.write(log.getBytes(StandardCharsets.UTF_8));
        out.flush();
        after.run();
      }
    }
  }

  private Captured get(String pathAndQuery) throws IOException {
    Captured reply = new Captured();
    api.handle(TestRequests.of("GET", pathAndQuery, null), reply);
    assertThat(reply.opens).isEqualTo(1);
    return reply;
  }

  private static String text(Captured r) {
    return r.body.toString(StandardCharsets.UTF_8);
  }

  /** A job whose attempt 1 runs as exec x1 of alloc a1. */
  private String running() {
    JobRow job = JobRow.queued("j" + store.countByState().values().stream().mapToLong(Long::longValue).sum(), "n",
        "busybox:1.36", List.of("true"), Map.of(), Priority.DEFAULT_PRIORITY, Constraints.DEFAULT, Scheduling.DEFAULT,
        Map.of(), clock.instant());
    store.insert(job);
    assertThat(store.lock(job.id(), "d").applied()).isTrue();
    assertThat(store.start(job.id(), "d", "local", AttemptRow.running(job.id(), 1, "n1", "a1", "x1", clock.instant()))
        .applied()).isTrue();
    return job.id();
  }

  private void complete(String id, int exit, String log, byte[] tar) {
    store.keepFiles(id, 1, log.getBytes(StandardCharsets.UTF_8), tar);
    assertThat(store.complete(id, "d", 1, exit, clock.instant()).applied()).isTrue();
  }

  @Test
  void anEndedAttemptsLogAndOutputComeFromTheStore() throws IOException {
    String id = running();
    complete(id, 0, "hello\nworld\n", TAR);
    Captured log = get("/v2/jobs/" + id + "/log");
    assertThat(log.status).isEqualTo(200);
    assertThat(log.contentType).startsWith("text/plain");
    assertThat(text(log)).isEqualTo("hello\nworld\n");
    Captured out = get("/v2/jobs/" + id + "/output");
    assertThat(out.status).isEqualTo(200);
    assertThat(out.contentType).isEqualTo("application/x-tar");
    assertThat(out.headers).containsEntry("Content-Length", "6");
    assertThat(out.body.toByteArray()).isEqualTo(TAR);
    assertThat(allocs.requests).as("nothing asked of the node").isEmpty();
  }

  @Test
  void anEarlierAttemptIsNamedByItsNumber() throws IOException {
    String id = running();
    store.keepFiles(id, 1, "first try\n".getBytes(StandardCharsets.UTF_8), null);
    assertThat(store.retry(id, "d", 1, "its node was lost", clock.instant()).applied()).isTrue();
    Captured first = get("/v2/jobs/" + id + "/log?attempt=1");
    assertThat(first.status).isEqualTo(200);
    assertThat(text(first)).isEqualTo("first try\n");
    Captured noOutput = get("/v2/jobs/" + id + "/output?attempt=1");
    assertThat(noOutput.status).isEqualTo(404);
    assertThat(noOutput.message()).isEqualTo("No output was kept of attempt 1 of job " + id
        + ": it ended cancelled (its node was lost) without leaving files under /out");
    Captured current = get("/v2/jobs/" + id + "/log");
    assertThat(current.status).isEqualTo(404);
    assertThat(current.message()).startsWith("No log yet: job " + id + " has not run (it is queued)");
    assertThat(get("/v2/jobs/" + id + "/log?attempt=3").message()).isEqualTo("Job " + id
        + " has no attempt 3: it is at attempt 2");
  }

  @Test
  void aRunningAttemptsLogIsRelayedFromItsExec() throws IOException {
    String id = running();
    allocs.log = "so far\n";
    Captured log = get("/v2/jobs/" + id + "/log");
    assertThat(log.status).isEqualTo(200);
    assertThat(log.contentType).startsWith("text/plain");
    assertThat(text(log)).isEqualTo("so far\n");
    assertThat(allocs.requests).hasSize(1);
    assertThat(allocs.requests.getFirst().segments()).containsExactly("v2", "allocs", "a1", "execs", "x1", "log");
    assertThat(allocs.requests.getFirst().query()).isEmpty();
  }

  @Test
  void aFollowedLogIsRelayedUntilTheExecEndsAndFinishedFromTheStore() throws IOException {
    String id = running();
    allocs.log = "one\n";
    // The exec ends while the log is followed; the dispatcher keeps the whole log and completes the job.
    allocs.after = () -> complete(id, 3, "one\ntwo\n", TAR);
    Captured log = get("/v2/jobs/" + id + "/log?follow=true");
    assertThat(log.status).isEqualTo(200);
    assertThat(text(log)).isEqualTo("one\ntwo\n");
    assertThat(allocs.requests.getFirst().query()).containsEntry("follow", "true");
  }

  @Test
  void aKeptLogThatIsOnlyTheTailIsNotSplicedOnto() throws IOException {
    String id = running();
    allocs.log = "abc\n";
    // The log outgrew the dispatcher's bound: it kept a tail whose first bytes are not what was relayed.
    allocs.after = () -> complete(id, 0, "zzzzz\nthe end\n", null);
    Captured log = get("/v2/jobs/" + id + "/log?follow=true");
    assertThat(text(log)).isEqualTo("abc\n");
  }

  @Test
  void whenTheNodeNoLongerHasTheExecTheStoreAnswersOrTheNodesReasonIsGiven() throws IOException {
    String id = running();
    allocs.status = 404;
    Captured gone = get("/v2/jobs/" + id + "/log");
    assertThat(gone.status).isEqualTo(404);
    assertThat(gone.message()).isEqualTo("The log of running attempt 1 of job " + id
        + " could not be read from its node: alloc a1 has no exec x1 (404)");
    complete(id, 0, "all\n", null);
    allocs.status = 404;
    assertThat(text(get("/v2/jobs/" + id + "/log"))).isEqualTo("all\n");
    allocs.status = 503;
    String other = running();
    Captured down = get("/v2/jobs/" + other + "/log");
    assertThat(down.status).isEqualTo(502);
  }

  @Test
  void aRunningAttemptHasNoOutputYet() throws IOException {
    String id = running();
    Captured out = get("/v2/jobs/" + id + "/output");
    assertThat(out.status).isEqualTo(404);
    assertThat(out.contentType).isEqualTo("application/json");
    assertThat(out.message()).isEqualTo("No output yet: job " + id
        + " has not finished (attempt 1 is running): its output is kept when it ends");
  }

  @Test
  void badParametersAre400sAndAnUnknownJobA404() throws IOException {
    String id = running();
    Captured attempt = get("/v2/jobs/" + id + "/log?attempt=zero");
    assertThat(attempt.status).isEqualTo(400);
    assertThat(attempt.message()).startsWith("Invalid attempt 'zero'");
    assertThat(get("/v2/jobs/" + id + "/output?attempt=0").status).isEqualTo(400);
    Captured follow = get("/v2/jobs/" + id + "/log?follow=yes");
    assertThat(follow.status).isEqualTo(400);
    assertThat(follow.message()).isEqualTo("Invalid follow 'yes': use true or false");
    assertThat(get("/v2/jobs/nope/output").message()).isEqualTo("Job not found: nope");
  }

  @Test
  void withoutTheNodesAllocsApiARunningLogIsNotRelayed() throws IOException {
    JobsApi plain = new JobsApi(store, new Ids(clock, new Random(4)), clock, MAPPER);
    String id = running();
    Captured reply = new Captured();
    plain.handle(new LeaseExchange.Request("GET", List.of("v2", "jobs", id, "log"), Map.of(), new byte[0]), reply);
    assertThat(reply.status).isEqualTo(404);
    assertThat(reply.message()).isEqualTo("No log to show yet: attempt 1 of job " + id
        + " is running and this node cannot read its exec's log; its log is kept when it ends");
  }
}
