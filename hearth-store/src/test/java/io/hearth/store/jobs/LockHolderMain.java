package io.hearth.store.jobs;

import io.hearth.store.DatastoreConfig;
import java.time.Duration;

/**
 * A process of its own that takes the dispatcher lock and holds it until it is killed, for {@link
 * DispatcherLockProcessTest}: args are the JDBC URL and the user (empty: none). Prints {@code held} once it holds
 * the lock, or {@code not held} and exits 3.
 */
public final class LockHolderMain {
  private LockHolderMain() {}

  public static void main(String[] args) throws Exception {
    DatastoreConfig config = new DatastoreConfig(args[0], args[1].isEmpty() ? null : args[1], null, 1, Duration.ofSeconds(3));
    PgDispatcherLock lock = new PgDispatcherLock(config);
    if (!lock.tryHold()) {
      System.out.println("not held");
      System.exit(3);
    }
    System.out.println("held");
    System.out.flush();
    Thread.sleep(Duration.ofMinutes(2)); // killed long before; the bound keeps a stray process from living on
    lock.close();
  }
}
