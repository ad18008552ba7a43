package io.hearth.server.jobs;

import io.hearth.core.job.AttemptState;
import io.hearth.core.time.Clock;
import io.hearth.protocol.LeaseExchange;
import io.hearth.server.http.ApiException;
import io.hearth.store.jobs.AttemptRow;
import io.hearth.store.jobs.JobRow;
import io.hearth.store.jobs.JobStore;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v2/jobs/{id}/log} and {@code /output}: what an attempt (the job's current or last
 * one, or {@code ?attempt=N}) printed and left under {@code /out}. An attempt that has ended is
 * served from the store ({@link JobStore#log}, {@link JobStore#output}). A running attempt's log is
 * relayed from its exec through the node's allocs API handler ({@link LogRelay}; on an all-in-one
 * node its own leases, on an api node the runner that holds the alloc), and, when following, once
 * the exec ends the attempt is awaited (at most {@link #SETTLE}) and what the store kept beyond what
 * was relayed follows. A running attempt has no output yet: a 404 says it is kept when it ends.
 * Stateless; each request blocks its thread.
 */
final class AttemptFiles {
  static final String TEXT = "text/plain; charset=utf-8";
  static final String TAR = "application/x-tar";
  /** How long a follower waits, after the exec's log ended, for the dispatcher to record the attempt's end. */
  static final Duration SETTLE = Duration.ofSeconds(30);
  /** How often the store is read while waiting for that. */
  static final Duration SETTLE_POLL = Duration.ofMillis(250);

  private static final Logger log = LoggerFactory.getLogger(AttemptFiles.class);

  private final JobStore store;
  private final Optional<LeaseExchange.Handler> allocs;
  private final Clock clock;

  /** @param allocs the node's allocs API, to relay a running attempt's log; empty: not relayed */
  AttemptFiles(JobStore store, Optional<LeaseExchange.Handler> allocs, Clock clock) {
    this.store = store;
    this.allocs = allocs;
    this.clock = clock;
  }

  void log(JobRow job, Map<String, String> query, LeaseExchange.Reply reply) throws IOException {
    boolean follow = follow(query.get("follow"));
    AttemptRow a = attempt(job, query.get("attempt"), "log");
    if (a.state().isFinal()) {
      byte[] kept = store.log(job.id(), a.attempt()).orElseThrow(() -> notKept(job, a, "log"));
      send(reply, TEXT, kept);
      return;
    }
    if (a.allocId() == null || a.execId() == null || allocs.isEmpty()) {
      throw ApiException.notFound("No log to show yet: attempt " + a.attempt() + " of job " + job.id()
          + " is running" + (allocs.isEmpty() ? " and this node cannot read its exec's log" : " and its exec is starting")
          + "; its log is kept when it ends");
    }
    LogRelay relay = new LogRelay(reply, TEXT);
    allocs.get().handle(new LeaseExchange.Request("GET", List.of("v2", "allocs", a.allocId(), "execs", a.execId(),
        "log"), follow ? Map.of("follow", "true") : Map.of(), new byte[0]), relay);
    if (!relay.opened()) {
      // The node no longer has the exec (it ended and was collected, or the node is gone): the store may.
      AttemptRow now = follow ? settled(job.id(), a.attempt()) : current(job.id(), a.attempt());
      Optional<byte[]> kept = now.state().isFinal() ? store.log(job.id(), a.attempt()) : Optional.empty();
      if (kept.isPresent()) {
        send(reply, TEXT, kept.get());
        return;
      }
      throw new ApiException(relay.status() >= 500 ? 502 : 404, "The log of running attempt " + a.attempt()
          + " of job " + job.id() + " could not be read from its node: " + relay.errorMessage());
    }
    try {
      if (follow) {
        AttemptRow now = settled(job.id(), a.attempt());
        Optional<byte[]> kept = now.state().isFinal() ? store.log(job.id(), a.attempt()) : Optional.empty();
        if (kept.isPresent()) {
          relay.finish(kept.get());
        }
      }
    } catch (RuntimeException e) {
      // The answer is under way: it ends with what was relayed (the store could not be read for the rest).
      log.warn("job {}: the end of attempt {}'s log could not be read from the store: {}", job.id(), a.attempt(),
          e.getMessage());
    }
    relay.close();
  }

  void output(JobRow job, Map<String, String> query, LeaseExchange.Reply reply) throws IOException {
    AttemptRow a = attempt(job, query.get("attempt"), "output");
    if (!a.state().isFinal()) {
      throw ApiException.notFound("No output yet: job " + job.id() + " has not finished (attempt " + a.attempt()
          + " is running): its output is kept when it ends");
    }
    byte[] tar = store.output(job.id(), a.attempt()).orElseThrow(() -> notKept(job, a, "output"));
    try (OutputStream out = reply.open(200, TAR, Map.of("Content-Length", Integer.toString(tar.length)))) {
      out.write(tar);
    }
  }

  /** The attempt asked for ({@code ?attempt=N}) or the job's current one; 404 when it has not started. */
  private AttemptRow attempt(JobRow job, String raw, String what) {
    int n = job.attempt();
    if (raw != null && !raw.isEmpty()) {
      if (!raw.matches("\\d{1,9}") || Integer.parseInt(raw) < 1) {
        throw ApiException.badRequest("Invalid attempt '" + JobRequests.shorten(raw)
            + "': a whole number from 1 (leave it out for the current or last attempt)");
      }
      n = Integer.parseInt(raw);
      if (n > job.attempt()) {
        throw ApiException.notFound("Job " + job.id() + " has no attempt " + n + ": it is at attempt " + job.attempt());
      }
    }
    int wanted = n;
    Optional<AttemptRow> row = store.attempts(job.id()).stream().filter(r -> r.attempt() == wanted).findFirst();
    if (row.isPresent()) {
      return row.get();
    }
    if (wanted != job.attempt() || job.state().isFinal()) {
      throw ApiException.notFound("No " + what + ": attempt " + wanted + " of job " + job.id() + " never started"
          + (job.state().isFinal() ? " (the job is " + job.state().wire() + ")" : ""));
    }
    throw ApiException.notFound("No " + what + " yet: job " + job.id() + " has not run (it is " + job.state().wire()
        + "); its " + what + " is kept when its attempt ends");
  }

  private AttemptRow current(String jobId, int attempt) {
    return store.attempts(jobId).stream().filter(r -> r.attempt() == attempt).findFirst()
        .orElseThrow(() -> ApiException.notFound("Job not found: " + jobId));
  }

  /** The attempt once it has ended (the dispatcher records it just after the exec), or as it is after {@link #SETTLE}. */
  private AttemptRow settled(String jobId, int attempt) {
    long until = clock.nanoTime() + SETTLE.toNanos();
    AttemptRow now = current(jobId, attempt);
    while (!now.state().isFinal() && clock.nanoTime() < until) {
      try {
        clock.sleep(SETTLE_POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return now;
      }
      now = current(jobId, attempt);
    }
    return now;
  }

  private static ApiException notKept(JobRow job, AttemptRow a, String what) {
    String how = a.state() == AttemptState.COMPLETE ? "complete with exit code " + a.exitCode()
        : "cancelled" + (a.error() == null ? "" : " (" + a.error() + ")");
    return ApiException.notFound("No " + what + " was kept of attempt " + a.attempt() + " of job " + job.id()
        + ": it ended " + how + (what.equals("output") ? " without leaving files under /out" : " before its log was read"));
  }

  private static void send(LeaseExchange.Reply reply, String type, byte[] body) throws IOException {
    try (OutputStream out = reply.open(200, type, Map.of("Content-Length", Integer.toString(body.length)))) {
      out.write(body);
    }
  }

  private static boolean follow(String raw) {
    if (raw == null || raw.isEmpty() || raw.equals("false")) {
      return false;
    }
    if (raw.equals("true")) {
      return true;
    }
    throw ApiException.badRequest("Invalid follow '" + JobRequests.shorten(raw) + "': use true or false");
  }
}
