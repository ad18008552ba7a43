package io.hearth.testkit.store;

import io.hearth.store.Jdbc;
import io.hearth.store.runners.RunnerRow;
import io.hearth.store.runners.RunnerStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link RunnerStore} in a map, for unit tests: it passes the same conformance suite as the
 * JDBC store. A runner's first heartbeat gives it the next seq after the largest registered, and
 * it keeps it; times are cut to the millisecond.
 *
 * <p>Thread-safe: the map is guarded by this object's monitor.
 */
public final class InMemoryRunnerStore implements RunnerStore {

  private final Map<String, RunnerRow> runners = new HashMap<>();

  @Override
  public synchronized void heartbeat(String id, String address, boolean draining, Instant at) {
    Instant when = Jdbc.millis(at);
    RunnerRow old = runners.get(id);
    if (old != null) {
      runners.put(id, new RunnerRow(id, address, old.seq(), draining, old.joinedAt(), when));
      return;
    }
    long seq = runners.values().stream().mapToLong(RunnerRow::seq).max().orElse(0) + 1;
    runners.put(id, new RunnerRow(id, address, seq, draining, when, when));
  }

  @Override
  public synchronized List<RunnerRow> list() {
    return runners.values().stream().sorted(Comparator.comparingLong(RunnerRow::seq)).toList();
  }

  @Override
  public synchronized int forget(Instant silentSince) {
    Instant before = Jdbc.millis(silentSince);
    int size = runners.size();
    runners.values().removeIf(r -> r.heartbeatAt().isBefore(before));
    return size - runners.size();
  }
}
