package io.hearth.server.async;

import io.hearth.core.time.Clock;
import io.hearth.core.time.Scheduler;
import io.hearth.server.calls.FixedDelay;
import io.hearth.store.StoreException;
import io.hearth.store.queue.CallQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner leases of detached calls. A detached call's row is recorded running with its node's
 * id and a lease ({@link AsyncSettings#lease}); every {@link AsyncSettings#renewEvery} this node
 * moves the leases of the detached calls it still runs, and ends as errors ({@code gone}) the
 * detached calls of any node whose lease has expired: that node stopped and has not come back (a
 * node that comes back ends its own at once, {@link CallQueue#recoverNode}). So an lb killed and
 * never restarted leaves no call {@code running} for ever while another lb (or an all-in-one node
 * on the same datastore) lives. The ticks run on one thread of their own.
 */
final class DetachedLeases implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DetachedLeases.class);

  private final CallQueue queue;
  private final String nodeId;
  private final Clock clock;
  private final AsyncSettings settings;
  private final String gone;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("hearth-detached-leases").factory());
  private final FixedDelay ticks;

  DetachedLeases(CallQueue queue, String nodeId, Clock clock, Scheduler scheduler, AsyncSettings settings,
      String gone) {
    this.queue = queue;
    this.nodeId = nodeId;
    this.clock = clock;
    this.settings = settings;
    this.gone = gone;
    this.ticks = new FixedDelay(scheduler, thread, settings.renewEvery(), settings.renewEvery(), this::tickSafely);
  }

  DetachedLeases start() {
    ticks.start();
    return this;
  }

  private void tickSafely() {
    try {
      tick();
    } catch (StoreException.Unavailable e) {
      log.debug("detached leases wait for the datastore: {}", e.getMessage());
    } catch (RuntimeException e) {
      log.warn("renewing or ending detached calls' leases failed; the next tick tries again: {}", e.getMessage());
    }
  }

  void tick() {
    queue.renewDetached(nodeId, clock.instant().plus(settings.lease()));
    int ended = queue.endExpiredDetached(clock.instant(), gone);
    if (ended > 0) {
      log.info("{} detached calls ended as errors: their node stopped renewing them ('{}')", ended, gone);
    }
  }

  @Override
  public void close() {
    ticks.close();
    thread.shutdown();
  }
}
