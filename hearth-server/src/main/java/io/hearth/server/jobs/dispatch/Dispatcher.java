package io.hearth.server.jobs.dispatch;

import io.hearth.client.LeaseKeeper;
import io.hearth.core.time.Clock;
import io.hearth.core.time.Scheduler;
import io.hearth.store.jobs.DispatcherLock;
import io.hearth.store.jobs.JobSignals;
import io.hearth.store.jobs.JobStore;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's job dispatcher: one pass at a time on a thread of its own, woken by {@link JobSignals}
 * (a burst of changes is one wake-up: wake-ups that come during a pass make one more pass) and by
 * a timer; it acts only while {@link DispatcherLock#tryHold} says it is the cluster's one active
 * dispatcher, and lets every attempt go when it loses the lock. The passes are {@link JobShell}'s.
 * Closing stops the thread and the lease keepers and leaves containers running: the next start
 * re-adopts them.
 *
 * <p>Threads: {@code wakes} is the only state shared with signallers; the loop thread owns the rest.
 */
public final class Dispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  private final DispatcherSettings settings;
  private final DispatcherLock lock;
  private final JobShell shell;
  private final Semaphore wakes = new Semaphore(0);
  private final AutoCloseable subscription;
  private final Thread thread;
  private volatile boolean closed;
  private boolean held;

  private Dispatcher(DispatcherSettings settings, JobStore store, JobNodes nodes, JobSignals signals,
      DispatcherLock lock, Clock clock, Scheduler scheduler) {
    this.settings = settings;
    this.lock = lock;
    Executor io = task -> Thread.ofVirtual().name("hearth-dispatch-io").start(task);
    this.shell = new JobShell(settings, store, nodes, clock,
        new LeaseKeeper.Wiring(nodes, clock, scheduler, io, new Random()), io, this::wake);
    this.subscription = signals.subscribe(this::wake);
    this.thread = Thread.ofPlatform().name("hearth-dispatcher").daemon().unstarted(this::loop);
  }

  /** Starts dispatching; {@code nodes} are where jobs run, {@code store} is the node's job store. */
  public static Dispatcher start(DispatcherSettings settings, JobStore store, JobNodes nodes, JobSignals signals,
      DispatcherLock lock, Clock clock, Scheduler scheduler) {
    Dispatcher d = new Dispatcher(settings, store, nodes, signals, lock, clock, scheduler);
    d.thread.start();
    log.info("dispatcher {} started (a pass every {} ms and on changes)", settings.name(), settings.every().toMillis());
    return d;
  }

  /** Asks for a pass soon. */
  void wake() {
    wakes.release();
  }

  private void loop() {
    while (!closed) {
      step();
      try {
        wakes.tryAcquire(settings.every().toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      wakes.drainPermits(); // the coming pass reads the queue after every change so far
    }
  }

  private void step() {
    boolean holds;
    try {
      holds = lock.tryHold();
    } catch (RuntimeException e) {
      holds = false;
      log.warn("dispatcher {}: cannot check the dispatcher lock: {}", settings.name(), e.getMessage());
    }
    if (holds != held) {
      log.info("dispatcher {} {} the dispatcher lock", settings.name(), holds ? "holds" : "lost");
      held = holds;
    }
    if (!holds) {
      shell.letGo();
      return;
    }
    try {
      shell.pass();
    } catch (RuntimeException e) {
      log.warn("dispatcher {}: the pass failed ({}); trying again", settings.name(), e.toString());
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      subscription.close();
    } catch (Exception e) {
      log.warn("dispatcher {}: closing its signal subscription: {}", settings.name(), e.toString());
    }
    shell.close();
  }
}
