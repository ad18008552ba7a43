package io.hearth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Group commit's rules, with a force that the test holds and releases. */
class GroupSyncTest {

  /** A force that blocks until the test lets it end, counting how many started. */
  private static final class HeldForce implements GroupSync.Force {
    final Semaphore release = new Semaphore(0);
    final AtomicInteger started = new AtomicInteger();
    volatile RuntimeException failWith;

    @Override
    public void force() {
      started.incrementAndGet();
      release.acquireUninterruptibly();
      RuntimeException e = failWith;
      if (e != null) {
        throw e;
      }
    }
  }

  @Test
  void aForceAlreadyRunningDoesNotCoverALaterWriterButOneForceCoversAllWhoWaited() throws Exception {
    HeldForce force = new HeldForce();
    GroupSync sync = new GroupSync(force);
    Thread first = Thread.ofVirtual().start(sync::await);
    awaitStarted(force, 1);
    // 15 writers commit while the first force runs: it began before them, so it is not theirs
    CountDownLatch done = new CountDownLatch(15);
    List<Thread> later = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      later.add(Thread.ofVirtual().start(() -> {
        sync.await();
        done.countDown();
      }));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (sync.issued() < 16 && System.nanoTime() < deadline) { // all have taken their tickets
      Thread.sleep(5);
    }
    assertThat(sync.issued()).isEqualTo(16);
    force.release.release(); // the first force ends
    assertThat(first.join(Duration.ofSeconds(5))).isTrue();
    assertThat(done.await(200, TimeUnit.MILLISECONDS)).as("nobody of the later writers is done yet").isFalse();
    awaitStarted(force, 2);
    force.release.release(); // one force for all fifteen
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(force.started.get()).isEqualTo(2);
    assertThat(sync.forces()).isEqualTo(2);
  }

  @Test
  void aFailedForceFailsItsWritersAndEveryLaterOne() throws Exception {
    HeldForce force = new HeldForce();
    GroupSync sync = new GroupSync(force);
    force.failWith = new IllegalStateException("Could not sync file hearth.mv.db: EIO");
    AtomicReference<Throwable> seen = new AtomicReference<>();
    Thread writer = Thread.ofVirtual().start(() -> {
      try {
        sync.await();
      } catch (StoreException e) {
        seen.set(e);
      }
    });
    awaitStarted(force, 1);
    force.release.release();
    assertThat(writer.join(Duration.ofSeconds(5))).isTrue();
    assertThat(seen.get()).isInstanceOf(StoreException.Failed.class).hasMessageContaining("restart the node");
    force.failWith = null;
    force.release.release(10);
    assertThatThrownBy(sync::await).isInstanceOf(StoreException.Failed.class)
        .hasMessageContaining("could not be forced to disk");
    assertThat(force.started.get()).as("no force is tried after a failed one").isEqualTo(1);
  }

  @Test
  void anUnreachableDatabaseFailsThatRoundOnlyAndTheNextOneForces() throws Exception {
    HeldForce force = new HeldForce();
    GroupSync sync = new GroupSync(force);
    force.failWith = new StoreException.Unavailable("connection pool timed out", null);
    force.release.release();
    assertThatThrownBy(sync::await).isInstanceOf(StoreException.Unavailable.class);
    force.failWith = null;
    force.release.release();
    sync.await();
    assertThat(force.started.get()).isEqualTo(2);
  }

  private static void awaitStarted(HeldForce force, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (force.started.get() < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(force.started.get()).isEqualTo(n);
  }
}
