package io.hearth.store.jobs;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers "jobs changed" to subscribers on one thread of its own, coalescing: {@link #fire} only
 * marks a delivery due, so however many fires come while subscribers run, they get one more call
 * after. A subscriber that throws is logged and keeps its subscription. The lock guards {@code
 * pending} and {@code closed}; the subscriber list is copy-on-write.
 */
final class SignalFanout implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SignalFanout.class);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition due = lock.newCondition();
  private final CopyOnWriteArrayList<Subscription> subscribers = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private boolean pending;
  private boolean closed;

  SignalFanout(ThreadFactory threads) {
    this.thread = threads.newThread(this::deliver);
    thread.start();
  }

  /** Marks a delivery due; returns at once. */
  void fire() {
    lock.lock();
    try {
      pending = true;
      due.signal();
    } finally {
      lock.unlock();
    }
  }

  AutoCloseable subscribe(Runnable onChange) {
    Subscription s = new Subscription(onChange);
    subscribers.add(s);
    return () -> subscribers.remove(s);
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      due.signal();
    } finally {
      lock.unlock();
    }
    subscribers.clear();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void deliver() {
    while (awaitDue()) {
      for (Subscription s : subscribers) {
        try {
          s.onChange.run();
        } catch (RuntimeException e) {
          log.warn("a job change subscriber failed", e);
        }
      }
    }
  }

  /** Waits until a delivery is due (and takes it) or the fanout closes. */
  private boolean awaitDue() {
    lock.lock();
    try {
      while (!pending && !closed) {
        due.awaitUninterruptibly();
      }
      pending = false;
      return !closed;
    } finally {
      lock.unlock();
    }
  }

  /** One subscription, by identity (a runnable subscribed twice is two subscriptions). */
  private record Subscription(Runnable onChange) {
    @Override
    public boolean equals(Object o) {
      return this == o;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }
}
