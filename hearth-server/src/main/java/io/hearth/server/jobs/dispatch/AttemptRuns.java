package io.hearth.server.jobs.dispatch;

import io.hearth.client.ApiException;
import io.hearth.client.Exec;
import io.hearth.client.ExecRequest;
import io.hearth.core.job.AttemptState;
import io.hearth.core.time.Clock;
import io.hearth.store.jobs.AttemptRow;
import io.hearth.store.jobs.JobChange;
import io.hearth.store.jobs.JobRow;
import io.hearth.store.jobs.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blocking halves of an attempt, run on the dispatcher's {@code io} threads: starting its exec
 * in the alloc the pass took (and recording the attempt running once the container runs), and
 * finishing it once the exec ended (its log and output kept, the job complete with the exit code,
 * or retried when the node killed it). Each ends by handing the attempt back to the {@link JobShell}.
 * Stateless apart from its collaborators.
 */
final class AttemptRuns {
  private static final Logger log = LoggerFactory.getLogger(AttemptRuns.class);
  /** Where a job's output directory is in its container. */
  static final String OUT_MOUNT = "/out";
  /** ... and where it is under the alloc's scratch directory. */
  static final String OUT_DIR = "out";
  /** Between looks at an exec that is still pending. */
  private static final Duration PENDING_POLL = Duration.ofMillis(200);

  private final DispatcherSettings settings;
  private final JobStore store;
  private final JobNodes nodes;
  private final Clock clock;
  private final JobShell shell;

  AttemptRuns(DispatcherSettings settings, JobStore store, JobNodes nodes, Clock clock, JobShell shell) {
    this.settings = settings;
    this.store = store;
    this.nodes = nodes;
    this.clock = clock;
    this.shell = shell;
  }

  /** The exec a job's attempt runs as: its image, command and env, {@code /out}, labels naming the job. */
  static ExecRequest request(JobRow job, int attempt) {
    return new ExecRequest(job.image(), job.command(), job.env(), java.util.Optional.empty(),
        java.util.Optional.empty(), Map.of(JobViews.JOB_LABEL, job.id(), JobViews.ATTEMPT_LABEL,
        Integer.toString(attempt)), Map.of(OUT_MOUNT, OUT_DIR));
  }

  /** Starts the attempt's exec; once its container runs, records the attempt running. */
  void start(Attempt a, JobRow job) {
    Exec e;
    try {
      e = awaitStarted(nodes.exec(a.allocId, request(job, a.attempt)));
    } catch (ApiException ex) {
      if (ex.status() == ApiException.NO_ANSWER || ex.status() >= 500) {
        shell.unsure(a, "the node did not answer while its container was being started (" + ex.getMessage() + ")");
      } else {
        failed(a, "its container could not start: " + ex.getMessage());
      }
      return;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      failed(a, "its container could not start: " + ex.getMessage());
      return;
    }
    if (e.state() == Exec.State.PENDING) {
      failed(a, "its container did not start in " + settings.startTimeout().toSeconds() + " s");
      return;
    }
    if (e.state() != Exec.State.RUNNING && e.exitCode().isEmpty()) {
      failed(a, "its container could not start: " + e.error().orElse(e.state().wire()));
      return;
    }
    Instant started = e.startedAt().orElse(clock.instant());
    JobChange c = store.start(a.jobId, settings.name(), a.instanceType,
        AttemptRow.running(a.jobId, a.attempt, a.nodeId, a.allocId, e.id(), started));
    if (!c.applied()) {
      log.info("{}: not recorded running ({}); its container is killed", a, c);
      shell.free(a);
      return;
    }
    shell.running(a, e.id());
  }

  private Exec awaitStarted(Exec e) throws InterruptedException {
    Instant until = clock.instant().plus(settings.startTimeout());
    while (e.state() == Exec.State.PENDING && clock.instant().isBefore(until)) {
      clock.sleep(PENDING_POLL);
      e = nodes.getExec(e.allocId(), e.id());
    }
    return e;
  }

  private void failed(Attempt a, String why) {
    shell.free(a);
    unlockAfterFailedStart(a.jobId, a.attempt, why);
  }

  /** A start failed: the job is unlocked (its lock count one more), saying why in its warning. */
  void unlockAfterFailedStart(String jobId, int attempt, String why) {
    log.info("attempt {} of job {}: {}; unlocked", attempt, jobId, why);
    JobChange c = store.unlock(jobId, settings.name(), clock.instant());
    if (c.applied()) {
      store.get(jobId).filter(j -> !j.state().isFinal()).ifPresent(j -> store.setRuntimeStatus(jobId,
          j.runtimeStatus().withWarning("attempt " + attempt + ": " + why)));
    }
  }

  /** The attempt's exec ended: keeps its log and output, then completes or retries the job, and frees the alloc. */
  void finish(Attempt a, Exec e) {
    try {
      keep(a, e);
      Instant at = e.finishedAt().orElse(clock.instant());
      if (e.exitCode().isPresent() && e.state() != Exec.State.KILLED) {
        int code = e.exitCode().getAsInt();
        if (!store.complete(a.jobId, settings.name(), a.attempt, code, at).applied()) {
          store.endAttempt(a.jobId, a.attempt, AttemptState.COMPLETE, code, null, at);
        }
      } else {
        String why = "its container was " + (e.state() == Exec.State.KILLED ? "killed" : "ended") + " by the node"
            + e.error().map(m -> ": " + m).orElse("");
        if (!store.retry(a.jobId, settings.name(), a.attempt, why, at).applied()) {
          store.endAttempt(a.jobId, a.attempt, AttemptState.CANCELLED, null, why, at);
        }
      }
    } catch (RuntimeException ex) {
      log.warn("{}: finishing failed ({}); the next dispatcher start recovers it", a, ex.getMessage());
    } finally {
      shell.free(a);
    }
  }

  /** Keeps the exec's log and its {@code /out} as a tar, or says in the warning why the output was not kept. */
  private void keep(Attempt a, Exec e) {
    byte[] log = new byte[0];
    try {
      log = nodes.log(a.allocId, e.id(), settings.maxLogBytes());
    } catch (ApiException ex) {
      AttemptRuns.log.warn("{}: its log could not be read: {}", a, ex.getMessage());
    }
    byte[] tar = null;
    String warning = null;
    try {
      switch (nodes.output(a.allocId, OUT_DIR, settings.maxOutputBytes())) {
        case JobNodes.Output.Tar t -> tar = t.bytes();
        case JobNodes.Output.TooBig big -> warning = "output not kept: " + big.message();
      }
    } catch (ApiException ex) {
      warning = "output not kept: " + ex.getMessage();
    }
    store.keepFiles(a.jobId, a.attempt, log, tar);
    if (warning != null) {
      String w = warning;
      store.get(a.jobId).filter(j -> !j.state().isFinal())
          .ifPresent(j -> store.setRuntimeStatus(a.jobId, j.runtimeStatus().withWarning(w)));
    }
  }
}
