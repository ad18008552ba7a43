package io.hearth.store.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The fanout's coalescing and subscriptions, on its own thread (waits bounded generously). */
class SignalFanoutTest {

  @Test
  void firesDuringADeliveryComeAsOneMoreCall() throws Exception {
    try (SignalFanout fanout = new SignalFanout(Thread.ofVirtual().factory())) {
      CountDownLatch inFirst = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicInteger calls = new AtomicInteger();
      Semaphore called = new Semaphore(0);
      fanout.subscribe(() -> {
        if (calls.incrementAndGet() == 1) {
          inFirst.countDown();
          await(release);
        }
        called.release();
      });
      fanout.fire();
      assertThat(inFirst.await(10, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 50; i++) {
        fanout.fire();
      }
      release.countDown();
      assertThat(called.tryAcquire(2, 10, TimeUnit.SECONDS)).isTrue();
      // One more fire is one more call: had the 50 given more than one, this would be a fourth.
      fanout.fire();
      assertThat(called.tryAcquire(1, 10, TimeUnit.SECONDS)).isTrue();
      assertThat(calls.get()).isEqualTo(3);
    }
  }

  @Test
  void aFailingSubscriberNeitherStopsOthersNorLosesItsSubscription() throws Exception {
    try (SignalFanout fanout = new SignalFanout(Thread.ofVirtual().factory())) {
      AtomicInteger failing = new AtomicInteger();
      Semaphore other = new Semaphore(0);
      fanout.subscribe(() -> {
        failing.incrementAndGet();
        throw new IllegalStateException("subscriber bug (expected in this test)");
      });
      fanout.subscribe(other::release);
      fanout.fire();
      assertThat(other.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
      fanout.fire();
      assertThat(other.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
      assertThat(failing.get()).isEqualTo(2);
    }
  }

  @Test
  void aClosedSubscriptionIsNotCalled() throws Exception {
    try (SignalFanout fanout = new SignalFanout(Thread.ofVirtual().factory())) {
      AtomicInteger gone = new AtomicInteger();
      Semaphore kept = new Semaphore(0);
      AutoCloseable s = fanout.subscribe(gone::incrementAndGet);
      fanout.subscribe(kept::release);
      s.close();
      fanout.fire();
      assertThat(kept.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
      assertThat(gone.get()).isZero();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
