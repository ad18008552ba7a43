package io.hearth.cli;

import io.hearth.client.AllocsClient;
import io.hearth.client.ApiException;
import io.hearth.client.LeaseKeeper;
import io.hearth.client.LeaseLost;
import io.hearth.core.time.TimerThread;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code allocs create --hold}: keeps one alloc alive with a {@link LeaseKeeper} until the user stops
 * the command (Ctrl-C, kill) or the lease is lost. The stop hook does its own closing, freeing and
 * saying so, because the process ends as soon as it returns.
 */
final class AllocHold {
  private final Context ctx;
  private final AllocsClient api;
  private final String id;
  private final Duration interval;
  private final boolean freeOnExit;

  AllocHold(Context ctx, AllocsClient api, String id, Duration interval, boolean freeOnExit) {
    this.ctx = ctx;
    this.api = api;
    this.id = id;
    this.interval = interval;
    this.freeOnExit = freeOnExit;
  }

  /** Holds the alloc whose lease has {@code leaseLeft} to run; returns 0 once stopped, fails if lost. */
  int run(Duration leaseLeft) {
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<LeaseLost> lost = new AtomicReference<>();
    try (TimerThread timer = TimerThread.start("hearth-hold")) {
      LeaseKeeper keeper = LeaseKeeper.hold(LeaseKeeper.Wiring.of(api, ctx.clock(), timer), id, interval, leaseLeft,
          why -> {
            lost.set(why);
            done.countDown();
          });
      ctx.err().println("holding alloc " + id + ": renewing its " + interval.toSeconds() + " s lease until Ctrl-C"
          + (freeOnExit ? ", which frees it" : " (which does not free it)"));
      ctx.err().flush();
      try (AutoCloseable hook = ctx.interrupts().onStop(() -> stop(keeper, done))) {
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop(keeper, done);
      } catch (Exception e) {
        throw new IllegalStateException("removing the stop hook", e);
      }
    }
    LeaseLost why = lost.get();
    if (why != null) {
      throw CliFailure.server("lost the lease: " + why.describe());
    }
    return 0;
  }

  private void stop(LeaseKeeper keeper, CountDownLatch done) {
    keeper.close();
    if (keeper.state() == LeaseKeeper.State.LOST) {
      done.countDown();
      return;
    }
    if (freeOnExit) {
      try {
        api.free(id);
        ctx.err().println("stopped holding alloc " + id + " and freed it");
      } catch (ApiException e) {
        ctx.err().println("stopped holding alloc " + id + " but could not free it: " + e.getMessage()
            + " (hearth allocs free " + id + ")");
      }
    } else {
      ctx.err().println("stopped holding alloc " + id + "; it is not freed and its lease runs out at "
          + keeper.expiresAt() + " (free it now: hearth allocs free " + id + ")");
    }
    ctx.err().flush();
    done.countDown();
  }
}
