package io.hearth.server.jobs.dispatch;

import io.hearth.client.Alloc;
import io.hearth.client.ApiException;
import io.hearth.client.Exec;
import io.hearth.core.job.JobState;
import io.hearth.core.time.Clock;
import io.hearth.store.jobs.AttemptRow;
import io.hearth.store.jobs.JobRow;
import io.hearth.store.jobs.JobStore;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a dispatcher does before its first pass (SEMANTICS.md A, stale locks): it asks every node
 * for its allocs and their execs, re-adopts each attempt a node still runs (taking over the lock
 * from the earlier Hearth dispatcher that held it, and recording an attempt whose container started
 * just before that dispatcher stopped), frees every alloc no live attempt owns — and only then
 * unlocks the locked jobs and retries the running ones that no node runs. Lockers whose names do not
 * start with {@value DispatcherSettings#NAME_PREFIX} are outside dispatchers' and left alone. Runs
 * under the {@link JobShell}'s monitor.
 */
final class Recovery {
  private static final Logger log = LoggerFactory.getLogger(Recovery.class);

  private final DispatcherSettings settings;
  private final JobStore store;
  private final JobNodes nodes;
  private final Clock clock;
  private final JobShell shell;

  Recovery(DispatcherSettings settings, JobStore store, JobNodes nodes, Clock clock, JobShell shell) {
    this.settings = settings;
    this.store = store;
    this.nodes = nodes;
    this.clock = clock;
    this.shell = shell;
  }

  /** @return whether it is done; false when some node did not answer (it runs again next pass) */
  boolean run() {
    JobNodes.Allocs allocs;
    try {
      allocs = nodes.allocs();
    } catch (ApiException e) {
      log.warn("dispatcher {}: cannot list the nodes' allocs yet ({}); recovering next pass", settings.name(),
          e.getMessage());
      return false;
    }
    if (!allocs.complete()) {
      log.info("dispatcher {}: not every node answered; recovering next pass", settings.name());
      return false;
    }
    Instant now = clock.instant();
    Set<String> adopted = new HashSet<>();
    for (Alloc alloc : allocs.items()) {
      String jobId = alloc.labels().get(JobViews.JOB_LABEL);
      if (jobId == null) {
        continue; // not a job's
      }
      if (adoptAlloc(alloc, jobId, now)) {
        adopted.add(jobId);
      }
    }
    for (JobRow j : shell.readQueue().values()) {
      if (adopted.contains(j.id()) || !hearths(j.lockedBy()) || !take(j)) {
        continue;
      }
      if (j.state() == JobState.LOCKED) {
        store.unlock(j.id(), settings.name(), now);
      } else if (j.state() == JobState.RUNNING) {
        store.retry(j.id(), settings.name(), j.attempt(), "no node runs attempt " + j.attempt()
            + " any more (found when the dispatcher started)", now);
      }
    }
    log.info("dispatcher {}: recovered {} running attempt(s)", settings.name(), adopted.size());
    return true;
  }

  /** Re-adopts the attempt {@code alloc} runs, or frees it; whether the attempt is in hand now. */
  private boolean adoptAlloc(Alloc alloc, String jobId, Instant now) {
    int attempt;
    try {
      attempt = Integer.parseInt(alloc.labels().getOrDefault(JobViews.ATTEMPT_LABEL, ""));
    } catch (NumberFormatException e) {
      attempt = -1;
    }
    Optional<JobRow> row = store.get(jobId);
    int n = attempt;
    boolean live = row.filter(j -> j.attempt() == n && hearths(j.lockedBy()))
        .filter(j -> j.state() == JobState.LOCKED || j.state() == JobState.RUNNING && alloc.id().equals(j.allocId()))
        .isPresent();
    if (!live || !take(row.get())) {
      log.info("dispatcher {}: freeing alloc {} (attempt {} of job {} is not live)", settings.name(), alloc.id(),
          attempt, jobId);
      free(alloc);
      return false;
    }
    JobRow j = row.get();
    Optional<Exec> exec = alloc.execs().isEmpty() ? Optional.empty() : Optional.of(alloc.execs().getLast());
    Attempt a = new Attempt(jobId, attempt, alloc.nodeId(), j.instanceType(), alloc.id(), now);
    if (j.state() == JobState.LOCKED) {
      // its container started (or not) just before the earlier dispatcher stopped, before it was recorded
      boolean started = exec.filter(e -> e.state() == Exec.State.RUNNING || e.exitCode().isPresent()).isPresent();
      if (!started || !store.start(jobId, settings.name(), typeOf(alloc, j), AttemptRow.running(jobId, attempt,
          alloc.nodeId(), alloc.id(), exec.get().id(), exec.get().startedAt().orElse(now))).applied()) {
        free(alloc);
        return false; // unlocked below with the other stale locks
      }
    }
    shell.hold(a, alloc);
    shell.running(a, exec.map(Exec::id).orElse(execOf(jobId, attempt)));
    return true;
  }

  /**
   * Frees an alloc no live attempt owns, best effort: a node that cannot be reached now (a runner
   * that died) does not hold up recovery; the alloc expires without keepalives, and the sweep frees
   * it when its node answers again.
   */
  private void free(Alloc alloc) {
    try {
      nodes.free(alloc.id());
    } catch (ApiException e) {
      log.warn("dispatcher {}: could not free alloc {} ({}); the sweep tries again", settings.name(), alloc.id(),
          e.getMessage());
    }
  }

  /** The job's lock held by this dispatcher now: taken over from the earlier one when it was another's. */
  private boolean take(JobRow j) {
    return settings.name().equals(j.lockedBy()) || store.adopt(j.id(), j.lockedBy(), settings.name()).applied();
  }

  private String execOf(String jobId, int attempt) {
    return store.attempts(jobId).stream().filter(r -> r.attempt() == attempt).map(AttemptRow::execId)
        .filter(x -> x != null).findFirst().orElse("none");
  }

  private static String typeOf(Alloc alloc, JobRow j) {
    return j.instanceType() != null ? j.instanceType() : alloc.labels().getOrDefault(JobViews.TYPE_LABEL, "unknown");
  }

  private static boolean hearths(String locker) {
    return locker != null && locker.startsWith(DispatcherSettings.NAME_PREFIX);
  }
}
