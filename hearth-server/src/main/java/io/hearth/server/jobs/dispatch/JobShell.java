package io.hearth.server.jobs.dispatch;

import io.hearth.client.Alloc;
import io.hearth.client.ApiException;
import io.hearth.client.Exec;
import io.hearth.client.LeaseKeeper;
import io.hearth.client.LeaseLost;
import io.hearth.core.job.AttemptState;
import io.hearth.core.job.JobState;
import io.hearth.core.job.dispatch.DispatchAction;
import io.hearth.core.job.dispatch.DispatchPass;
import io.hearth.core.job.dispatch.DispatchSettings;
import io.hearth.core.job.dispatch.PassInput;
import io.hearth.core.job.dispatch.PassResult;
import io.hearth.core.job.dispatch.QueuedJob;
import io.hearth.core.job.dispatch.Reservation;
import io.hearth.core.time.Clock;
import io.hearth.store.Page;
import io.hearth.store.jobs.JobChange;
import io.hearth.store.jobs.JobRow;
import io.hearth.store.jobs.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher's shell around the pure {@link DispatchPass}: one {@link #pass} reads the queue
 * (scheduler order, bounded), watches the attempts it runs (a user's cancel kills the container, a
 * lost lease retries, an ended exec is finished), asks the nodes for offers, runs the pass and
 * applies its actions through the {@link JobStore} and {@link JobNodes}. The first pass recovers
 * what an earlier dispatcher left ({@link Recovery}) before doing anything else; every
 * {@link #SWEEP_EVERY} a pass frees job allocs that no attempt in hand runs in.
 *
 * <p>Threads: this object's monitor guards {@code attempts}, {@code reservation} and {@code
 * recovered}; a pass runs under it, one at a time. Starting an exec and finishing one (blocking
 * engine work) run on {@code io} ({@link AttemptRuns}) and take the monitor only to update an
 * {@link Attempt}; lease keepers' listeners take it to mark an attempt lost. An attempt is in
 * {@code attempts} from the moment its alloc is taken until the alloc is freed, so no second
 * attempt of a job starts while one is in hand, and a job's container is started once per attempt.
 */
final class JobShell {
  private static final Logger log = LoggerFactory.getLogger(JobShell.class);

  private final DispatcherSettings settings;
  private final JobStore store;
  private final JobNodes nodes;
  private final Clock clock;
  private final LeaseKeeper.Wiring keepers;
  private final Executor io;
  private final Runnable wake;
  private final AttemptRuns runs;

  /** Between sweeps for orphaned job allocs. */
  static final Duration SWEEP_EVERY = Duration.ofSeconds(30);

  private final Map<String, Attempt> attempts = new LinkedHashMap<>();
  private Optional<Reservation> reservation = Optional.empty();
  private boolean recovered;
  private Instant lastSweep;

  /**
   * @param keepers what alloc keepers renew leases through (the nodes) and run on
   * @param io      where blocking starts and finishes run (virtual threads; in tests, in place)
   * @param wake    asks for another pass soon (an attempt ended or its lease was lost)
   */
  JobShell(DispatcherSettings settings, JobStore store, JobNodes nodes, Clock clock, LeaseKeeper.Wiring keepers,
      Executor io, Runnable wake) {
    this.settings = settings;
    this.store = store;
    this.nodes = nodes;
    this.clock = clock;
    this.keepers = keepers;
    this.io = io;
    this.wake = wake;
    this.runs = new AttemptRuns(settings, store, nodes, clock, this);
  }

  /** One pass: recover first if not yet done, then watch, decide and act. */
  synchronized void pass() {
    if (!recovered) {
      if (!new Recovery(settings, store, nodes, clock, this).run()) {
        return; // not every node answered: nothing is decided about what they may run
      }
      recovered = true;
      lastSweep = clock.instant();
    }
    Instant now = clock.instant();
    if (!now.isBefore(lastSweep.plus(SWEEP_EVERY))) {
      sweep();
      lastSweep = now;
    }
    Map<String, JobRow> queue = readQueue();
    watch(queue, now);
    List<QueuedJob> view = new ArrayList<>();
    for (JobRow j : queue.values()) {
      QueuedJob q = JobViews.of(j, settings.maxOutputBytes());
      Attempt a = attempts.get(j.id());
      if (a != null && q.state() == QueuedJob.State.LOCKED) {
        q = q.runningOn(a.nodeId, a.takenAt); // a start in flight holds its room: the pass leaves it alone
      }
      view.add(q);
    }
    JobNodes.Look look = nodes.look();
    DispatchSettings p = settings.pass();
    DispatchSettings pass = look.classes().map(c -> new DispatchSettings(p.dispatcher(), c, p.chooser(),
        p.maxDispatchAttempts(), p.reserveAfter())).orElse(p); // an api node's runners declare theirs
    if (pass.classes().types().isEmpty()) {
      return; // an api node without a types file that has seen no runner yet: no job is unsatisfiable before one is
    }
    PassResult result = DispatchPass.run(new PassInput(view, look.offers(), Set.of(), reservation), now, pass);
    reservation = result.reservation();
    apply(result.actions(), queue, now);
  }

  /** The dispatcher lock was lost: another dispatcher takes over; stop keeping leases, touch nothing. */
  synchronized void letGo() {
    attempts.values().forEach(Attempt::stopKeeping);
    attempts.clear();
    reservation = Optional.empty();
    recovered = false;
  }

  /** The attempts in hand now, by job id (for tests and metrics). */
  synchronized Map<String, Attempt.Phase> inHand() {
    Map<String, Attempt.Phase> m = new HashMap<>();
    attempts.forEach((id, a) -> m.put(id, a.phase));
    return m;
  }

  /** Stops keeping every lease (leaves containers running for the next dispatcher to adopt). */
  synchronized void close() {
    letGo();
  }

  /** The queue in scheduler order, at most {@code maxQueueRead} jobs, by id. */
  Map<String, JobRow> readQueue() {
    Map<String, JobRow> queue = new LinkedHashMap<>();
    String cursor = null;
    do {
      Page<JobRow> page = store.schedulerOrder(Math.min(JobStore.MAX_QUEUE_PAGE,
          settings.maxQueueRead() - queue.size()), cursor);
      page.items().forEach(j -> queue.put(j.id(), j));
      cursor = page.nextCursor();
    } while (cursor != null && queue.size() < settings.maxQueueRead());
    return queue;
  }

  /**
   * Frees every live alloc a Hearth dispatcher took for a job that is not an attempt in hand: one
   * whose free failed while its node was unreachable and that the node re-adopted when it came
   * back, so that its container does not run beside the job's next attempt (what the list shows:
   * a node that did not answer is swept next time).
   */
  private void sweep() {
    JobNodes.Allocs all;
    try {
      all = nodes.allocs();
    } catch (ApiException e) {
      log.warn("dispatcher {}: cannot list allocs to sweep ({})", settings.name(), e.getMessage());
      return;
    }
    for (Alloc alloc : all.items()) {
      String jobId = alloc.labels().get(JobViews.JOB_LABEL);
      Attempt a = jobId == null ? null : attempts.get(jobId);
      if (jobId != null && alloc.owner().startsWith(DispatcherSettings.NAME_PREFIX)
          && (a == null || !a.allocId.equals(alloc.id()))) {
        log.info("dispatcher {}: freeing alloc {} of job {}: no attempt in hand runs in it", settings.name(),
            alloc.id(), jobId);
        try {
          nodes.free(alloc.id());
        } catch (ApiException e) {
          log.warn("dispatcher {}: could not free alloc {} ({}); trying again next sweep", settings.name(), alloc.id(),
              e.getMessage());
        }
      }
    }
  }

  /** Every running attempt in hand: cancelled by a user, its lease lost, or its exec ended. */
  private void watch(Map<String, JobRow> queue, Instant now) {
    for (Attempt a : List.copyOf(attempts.values())) {
      if (a.phase == Attempt.Phase.UNSURE) {
        settle(a);
        continue;
      }
      if (a.phase != Attempt.Phase.RUNNING) {
        continue;
      }
      JobRow j = queue.containsKey(a.jobId) ? queue.get(a.jobId) : store.get(a.jobId).orElse(null); // past the read
      if (j == null || j.state() != JobState.RUNNING || j.attempt() != a.attempt
          || !settings.name().equals(j.lockedBy())) {
        String why = j == null ? null : j.runtimeStatus().error();
        end(a, "cancelled" + (why == null ? "" : ": " + why), now);
        continue;
      }
      if (a.lost != null) {
        lost(a, "its lease was lost (" + a.lost + ")", now);
        continue;
      }
      Exec e;
      try {
        e = nodes.getExec(a.allocId, a.execId);
      } catch (ApiException ex) {
        if (ex.status() == 404 || ex.status() == 410) {
          lost(a, "its alloc is gone: " + ex.serverMessage(), now);
        } else {
          log.warn("{}: could not read its exec ({}); asking again next pass", a, ex.getMessage());
        }
        continue;
      }
      if (e.state().finished()) {
        a.phase = Attempt.Phase.FINISHING;
        io.execute(() -> runs.finish(a, e));
      }
    }
  }

  private void apply(List<DispatchAction> actions, Map<String, JobRow> queue, Instant now) {
    Set<String> lockedNow = new HashSet<>();
    for (DispatchAction action : actions) {
      try {
        switch (action) {
          case DispatchAction.Lock l -> {
            if (store.lock(l.jobId(), settings.name()).applied()) {
              lockedNow.add(l.jobId());
            }
          }
          case DispatchAction.Start s -> {
            JobRow j = queue.get(s.jobId());
            boolean ours = lockedNow.contains(s.jobId())
                || j.state() == JobState.LOCKED && settings.name().equals(j.lockedBy());
            if (ours && !attempts.containsKey(s.jobId())) {
              start(j, s, now);
            }
          }
          case DispatchAction.Unlock u -> store.unlock(u.jobId(), settings.name(), now);
          case DispatchAction.Cancel c -> store.cancel(c.jobId(), c.message(), now);
          case DispatchAction.Kill k -> kill(k, now);
          case DispatchAction.Retry r -> store.retry(r.jobId(), settings.name(), r.nextAttempt() - 1, r.reason(), now);
          case DispatchAction.KeepLocked k -> { }
          case DispatchAction.Hold h -> { }
        }
      } catch (RuntimeException e) {
        log.warn("dispatcher {}: could not apply {}: {}", settings.name(), action, e.getMessage());
      }
    }
  }

  /** Takes the alloc now (so the next pass sees its room taken) and starts the exec on {@code io}. */
  private void start(JobRow job, DispatchAction.Start s, Instant now) {
    Alloc alloc;
    try {
      alloc = nodes.take(s.nodeId(), s.request(), settings.name(), Map.of(JobViews.JOB_LABEL, job.id(),
          JobViews.ATTEMPT_LABEL, Integer.toString(s.attempt()), JobViews.TYPE_LABEL, s.instanceType()),
          settings.keepalive());
    } catch (ApiException e) {
      runs.unlockAfterFailedStart(job.id(), s.attempt(), "could not take a lease on node " + s.nodeId() + ": "
          + e.getMessage());
      return;
    }
    Attempt a = new Attempt(job.id(), s.attempt(), s.nodeId(), s.instanceType(), alloc.id(), now);
    hold(a, alloc);
    io.execute(() -> runs.start(a, job));
  }

  /** Starts keeping {@code alloc} alive for {@code a}, now in hand. */
  void hold(Attempt a, Alloc alloc) {
    Attempt before = attempts.put(a.jobId, a);
    if (before != null) {
      before.stopKeeping(); // a recovery run again after it failed part way: one keeper per attempt in hand
    }
    a.keeper = LeaseKeeper.hold(keepers, alloc, settings.keepalive(), new LeaseKeeper.Listener() {
      @Override
      public void lost(LeaseLost why) {
        synchronized (JobShell.this) {
          a.lost = why.describe();
        }
        wake.run();
      }
    });
  }

  private void kill(DispatchAction.Kill k, Instant now) {
    store.cancel(k.jobId(), k.message(), now);
    Attempt a = attempts.get(k.jobId());
    if (a == null || a.phase == Attempt.Phase.RUNNING) {
      if (a != null) {
        end(a, k.message(), now);
      } else {
        store.endAttempt(k.jobId(), k.attempt(), AttemptState.CANCELLED, null, k.message(), now);
      }
    } // starting: the start finds the job cancelled and frees its alloc; finishing: it ends as it ends
  }

  /** Kills the attempt's container (frees its alloc) and ends the attempt cancelled. */
  private void end(Attempt a, String why, Instant now) {
    free(a);
    store.endAttempt(a.jobId, a.attempt, AttemptState.CANCELLED, null, why, now);
  }

  /** The attempt's lease or node was lost: a new attempt while attempts remain. */
  private void lost(Attempt a, String why, Instant now) {
    free(a);
    JobChange c = store.retry(a.jobId, settings.name(), a.attempt, why, now);
    log.info("{}: {}; {}", a, why, c);
  }

  /** Frees the attempt's alloc (best effort: a node that is gone has freed it) and lets the attempt go. */
  void free(Attempt a) {
    try {
      nodes.free(a.allocId);
    } catch (ApiException e) {
      log.warn("{}: could not free its alloc ({}); it expires without keepalives", a, e.getMessage());
    }
    forget(a);
  }

  /** The attempt is out of hand: its keeper stops, the job may have another attempt. */
  synchronized void forget(Attempt a) {
    a.stopKeeping();
    attempts.remove(a.jobId, a);
    wake.run();
  }

  /** The attempt's start has an unknown outcome: kept in hand, its lease kept, until {@link #settle} can unlock it. */
  synchronized void unsure(Attempt a, String why) {
    log.info("{}: {}; kept locked until its alloc is freed or its lease is lost", a, why);
    a.unsure = why;
    a.phase = Attempt.Phase.UNSURE;
    wake.run();
  }

  /**
   * An attempt whose start's outcome is unknown: once a free of its alloc succeeds (its node answers
   * again, and kills whatever runs there) or its lease is lost, it is let go and the job unlocked, so
   * its next start never runs beside a container of this one on a node that was only slow to answer.
   */
  private void settle(Attempt a) {
    try {
      nodes.free(a.allocId);
    } catch (ApiException e) {
      if (a.lost == null) {
        return; // the node still does not answer: ask again next pass
      }
    }
    forget(a);
    runs.unlockAfterFailedStart(a.jobId, a.attempt, a.unsure + (a.lost == null ? "; its alloc is freed now"
        : "; its lease was lost (" + a.lost + ")"));
  }

  /** The attempt's exec started and the store has it running. */
  synchronized void running(Attempt a, String execId) {
    a.execId = execId;
    a.phase = Attempt.Phase.RUNNING;
  }

  Duration keepalive() {
    return settings.keepalive();
  }
}
