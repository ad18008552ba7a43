package io.hearth.store;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit: a writer whose commit has returned waits here until a force of the database file
 * to disk that started after its commit has ended, so that an answer sent after {@link #await}
 * means the write is on stable storage. One force serves every writer that committed before it
 * started: while one runs, the writers arriving meanwhile wait, and when it ends one of them (the
 * leader) runs the next force for all of them. No thread of its own: the leader forces in its own
 * thread, the others wait on a condition.
 *
 * <p>Why "started after": a force that is already running may have begun before the writer's
 * bytes reached the file, so it cannot count for that writer. Tickets say it: a writer takes the
 * next ticket after its commit; a force covers every ticket taken before it starts.
 *
 * <p>A failed force is final: once the kernel has reported that it could not write the file back,
 * what it still holds is unknown (a later force may succeed having dropped the pages), so no
 * write can be acknowledged as durable again. Every waiter and every later {@link #await} throws
 * {@link StoreException.Failed} saying so; the node must be restarted, and H2 then recovers from
 * what is on disk. Failing to reach the database (an empty pool) is not a failed force: the
 * waiters of that round get {@link StoreException.Unavailable}, the next round tries again.
 *
 * <p>{@link #lock} owns every field.
 */
final class GroupSync implements CommitSync {

  /** Forces the database file to disk; the act this class groups. */
  @FunctionalInterface
  interface Force {
    /**
     * @throws StoreException.Unavailable if the database could not be reached to force it
     * @throws RuntimeException           if the force itself failed
     */
    void force();
  }

  private final Force force;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition roundEnded = lock.newCondition();
  /** The last ticket taken. */
  private long issued;
  /** Every ticket up to this one is on disk. */
  private long covered;
  /** A force is running (its leader holds no lock meanwhile). */
  private boolean forcing;
  /** The last round that ended, and the tickets it was for, when it could not reach the database. */
  private long unreachedUpTo;
  private StoreException.Unavailable unreached;
  /** Set once a force has failed; from then on nothing is acknowledged. */
  private RuntimeException failed;
  /** Forces run, for the metrics and the tests. */
  private long forces;

  GroupSync(Force force) {
    this.force = force;
  }

  @Override
  public void await() {
    lock.lock();
    try {
      long mine = ++issued;
      while (covered < mine) {
        throwIfFailed();
        if (unreached != null && unreachedUpTo >= mine) {
          throw unreached;
        }
        if (forcing) {
          roundEnded.awaitUninterruptibly();
          continue;
        }
        lead();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Runs one force for every ticket taken so far; called and returns holding the lock. */
  private void lead() {
    long upTo = issued;
    forcing = true;
    lock.unlock();
    RuntimeException error = null;
    try {
      force.force();
    } catch (RuntimeException e) {
      error = e;
    } finally {
      lock.lock();
      forcing = false;
      forces++;
      if (error == null) {
        covered = Math.max(covered, upTo);
      } else if (error instanceof StoreException.Unavailable u) {
        unreached = u;
        unreachedUpTo = upTo;
      } else if (failed == null) {
        failed = error;
      }
      roundEnded.signalAll();
    }
  }

  private void throwIfFailed() {
    if (failed != null) {
      throw new StoreException.Failed("the embedded datastore's file could not be forced to disk ("
          + SqlErrors.reason(failed) + "); no write can be acknowledged as durable any more: restart the node,"
          + " and check the disk holding the data dir", failed);
    }
  }

  /** Tickets taken so far; for the tests. */
  long issued() {
    lock.lock();
    try {
      return issued;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long forces() {
    lock.lock();
    try {
      return forces;
    } finally {
      lock.unlock();
    }
  }
}
