package io.hearth.store.runners;

import java.time.Instant;
import java.util.List;

/**
 * The runner registry: runner nodes register and heartbeat here, lbs read it to know their
 * runners (dynamic membership). Each runner writes only its own row. Every method blocks and is
 * thread-safe; failures are {@link io.hearth.store.StoreException}s.
 */
public interface RunnerStore {

  /**
   * Registers the runner, or refreshes its registration: address, draining, heartbeat time. Its
   * first registration gives it the next place in the runners' order, which it keeps.
   */
  void heartbeat(String id, String address, boolean draining, Instant at);

  /** Every registered runner, in the order they first registered. */
  List<RunnerRow> list();

  /** Deletes runners whose last heartbeat is before {@code silentSince}; returns how many. */
  int forget(Instant silentSince);
}
