package io.hearth.testkit.time;

import io.hearth.core.time.Clock;
import io.hearth.core.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A clock and scheduler that move only when a test says: {@link #advance} moves time forward, and
 * every task scheduled for a time up to the new one runs, in order of its time, on the advancing
 * thread, with the clock showing that task's time while it runs (so a task that schedules another
 * one due within the same advance sees it run too). Sleepers wake when time passes their end.
 *
 * <p>Threads: any thread may read, schedule, sleep or advance; {@code this} guards the time and the
 * queue, and tasks run outside it. Advances from two threads at once run each due task once.
 */
public final class ManualClock implements Clock, Scheduler {
  /** A fixed, recognisable start: 2026-01-01T00:00:00Z. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private final Instant start;
  private long elapsedNanos;
  private long seq;
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private final List<Watcher> watchers = new ArrayList<>();

  /** A test waiting for {@code count} tasks to be scheduled. */
  private record Watcher(int count, Duration due, CountDownLatch latch) {}

  private final class Task implements Comparable<Task>, Scheduled {
    final long due;
    final long order = seq++;
    final Runnable run;
    boolean cancelled;

    Task(long due, Runnable run) {
      this.due = due;
      this.run = run;
    }

    @Override
    public int compareTo(Task o) {
      return due != o.due ? Long.compare(due, o.due) : Long.compare(order, o.order);
    }

    @Override
    public void cancel() {
      synchronized (ManualClock.this) {
        cancelled = true;
        tasks.remove(this);
      }
    }
  }

  public ManualClock() {
    this(DEFAULT_START);
  }

  public ManualClock(Instant start) {
    this.start = start;
  }

  @Override
  public synchronized Instant instant() {
    return start.plusNanos(elapsedNanos);
  }

  @Override
  public synchronized long nanoTime() {
    return elapsedNanos;
  }

  /** Blocks until another thread advances this clock by {@code duration} (at once when it is zero or less). */
  @Override
  public void sleep(Duration duration) throws InterruptedException {
    CountDownLatch woken = new CountDownLatch(1);
    Scheduled s = schedule(duration, woken::countDown);
    try {
      woken.await();
    } catch (InterruptedException e) {
      s.cancel();
      throw e;
    }
  }

  @Override
  public synchronized Scheduled schedule(Duration delay, Runnable task) {
    long due = io.hearth.core.time.Durations.saturatedAdd(elapsedNanos, io.hearth.core.time.Durations.nanos(delay));
    Task t = new Task(due, task);
    tasks.add(t);
    watchers.removeIf(w -> {
      boolean met = w.due() == null ? tasks.size() >= w.count() : t.due == elapsedNanos + w.due().toNanos();
      if (met) {
        w.latch().countDown();
      }
      return met;
    });
    return t;
  }

  /**
   * Moves time forward by {@code by}, running every task that comes due, each at its own time. Tasks
   * due now (a zero delay) run too.
   */
  public ManualClock advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("time cannot go back: " + by);
    }
    long target;
    synchronized (this) {
      target = elapsedNanos + by.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.due > target) {
          elapsedNanos = Math.max(elapsedNanos, target);
          return this;
        }
        tasks.poll();
        elapsedNanos = Math.max(elapsedNanos, next.due);
      }
      next.run.run();
    }
  }

  /** Runs the tasks due now without moving time. */
  public ManualClock runDue() {
    return advance(Duration.ZERO);
  }

  /** How many tasks wait to run (sleepers included). */
  public synchronized int pending() {
    return tasks.size();
  }

  /** When each waiting task is due, from now, earliest first. */
  public synchronized List<Duration> pendingDelays() {
    List<Task> sorted = new ArrayList<>(tasks);
    sorted.sort(null);
    return sorted.stream().map(t -> Duration.ofNanos(t.due - elapsedNanos)).toList();
  }

  /**
   * Waits (real time, up to {@code timeout}) until at least {@code count} tasks are scheduled: how a
   * test knows a background thread has gone to sleep or armed its timer before it advances time.
   *
   * @throws AssertionError when they are not scheduled in time
   */
  public void awaitPending(int count, Duration timeout) throws InterruptedException {
    CountDownLatch enough = new CountDownLatch(1);
    synchronized (this) {
      if (tasks.size() >= count) {
        return;
      }
      watchers.add(new Watcher(count, null, enough));
    }
    if (!enough.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new AssertionError("expected " + count + " scheduled tasks within " + timeout + ", have " + pending());
    }
  }


  /**
   * Waits (real time, up to {@code timeout}) until a task is scheduled for exactly {@code delay} from
   * now: how a test knows a background thread armed a particular deadline (say, a start timeout)
   * before it advances past it. A task scheduled so already counts.
   *
   * @throws AssertionError when none is scheduled in time
   */
  public void awaitScheduledIn(Duration delay, Duration timeout) throws InterruptedException {
    CountDownLatch scheduled = new CountDownLatch(1);
    synchronized (this) {
      long due = elapsedNanos + delay.toNanos();
      if (tasks.stream().anyMatch(t -> t.due == due)) {
        return;
      }
      watchers.add(new Watcher(0, delay, scheduled));
    }
    if (!scheduled.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new AssertionError("expected a task due in " + delay + " within " + timeout + "; pending: "
          + pendingDelays());
    }
  }

  @Override
  public String toString() {
    return "ManualClock at " + instant();
  }
}
