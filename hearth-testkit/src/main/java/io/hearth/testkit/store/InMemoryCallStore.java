package io.hearth.testkit.store;

import io.hearth.store.Jdbc;
import io.hearth.store.Page;
import io.hearth.store.StoreException;
import io.hearth.store.TimeCursor;
import io.hearth.store.calls.CallQuery;
import io.hearth.store.calls.CallRecord;
import io.hearth.store.calls.CallStore;
import io.hearth.store.calls.NewCall;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link CallStore} in maps, for unit tests: it passes the same conformance suite as the JDBC
 * store. A batch is kept whole or not at all; the first account of a call is kept, with its log;
 * times are cut to the millisecond and durations to the microsecond, as the database keeps them;
 * and it refuses what the tables' columns could not hold (ids over {@value #MAX_ID_CHARS}
 * characters, statuses over {@value #MAX_STATUS_CHARS}) as the database does, with {@link
 * StoreException.Failed}.
 *
 * <p>Thread-safe: both maps are guarded by this object's monitor.
 */
public final class InMemoryCallStore implements CallStore {

  static final int MAX_ID_CHARS = 64;
  static final int MAX_STATUS_CHARS = 32;

  /** Newest first; the id breaks ties, as the JDBC store's keyset does. */
  private static final Comparator<CallRecord> NEWEST_FIRST =
      Comparator.comparing(CallRecord::createdAt).thenComparing(CallRecord::id).reversed();

  private final Map<String, CallRecord> calls = new HashMap<>();
  private final Map<String, String> logs = new HashMap<>();

  @Override
  public synchronized void insert(List<NewCall> batch) {
    for (NewCall n : batch) {
      CallRecord c = n.call();
      for (String column : List.of(c.id(), c.appId(), c.fnId())) {
        if (column.length() > MAX_ID_CHARS) {
          throw new StoreException.Failed("value too long for an id column (" + MAX_ID_CHARS + "): " + column, null);
        }
      }
      if (c.status().length() > MAX_STATUS_CHARS) {
        throw new StoreException.Failed("value too long for the status column: " + c.status(), null);
      }
    }
    for (NewCall n : batch) {
      CallRecord c = normalize(n.call());
      if (calls.putIfAbsent(c.id(), c) == null && !n.log().isEmpty()) {
        logs.put(c.id(), n.log());
      }
    }
  }

  @Override
  public synchronized Optional<CallRecord> get(String callId) {
    return Optional.ofNullable(calls.get(callId));
  }

  @Override
  public synchronized Optional<String> log(String callId) {
    return calls.containsKey(callId) ? Optional.of(logs.getOrDefault(callId, "")) : Optional.empty();
  }

  @Override
  public synchronized Page<CallRecord> list(CallQuery query) {
    Instant from = Jdbc.millis(query.from());
    Instant to = Jdbc.millis(query.to());
    TimeCursor after = query.after();
    List<CallRecord> items = calls.values().stream()
        .filter(c -> c.fnId().equals(query.fnId()))
        .filter(c -> from == null || !c.createdAt().isBefore(from))
        .filter(c -> to == null || c.createdAt().isBefore(to))
        .filter(c -> query.status() == null || c.status().equals(query.status()))
        .filter(c -> after == null || NEWEST_FIRST.compare(c, key(after)) > 0)
        .sorted(NEWEST_FIRST)
        .limit(query.perPage())
        .toList();
    String next = items.size() == query.perPage() ? CallQuery.cursorOf(items.getLast()) : null;
    return new Page<>(items, next);
  }

  @Override
  public synchronized int deleteBefore(Instant cutoff, int limit) {
    Instant before = Jdbc.millis(cutoff);
    List<String> doomed = calls.values().stream()
        .filter(c -> c.completedAt().isBefore(before))
        .sorted(Comparator.comparing(CallRecord::completedAt))
        .limit(limit)
        .map(CallRecord::id)
        .toList();
    doomed.forEach(id -> {
      calls.remove(id);
      logs.remove(id);
    });
    return doomed.size();
  }

  /** A record standing where the previous page ended, to compare others with. */
  private static CallRecord key(TimeCursor after) {
    return new CallRecord(after.id(), "", "", "", after.createdAt(), null, after.createdAt(),
        Duration.ZERO, Duration.ZERO, Duration.ZERO, false, null);
  }

  private static CallRecord normalize(CallRecord c) {
    return new CallRecord(c.id(), c.appId(), c.fnId(), c.status(), Jdbc.millis(c.createdAt()),
        Jdbc.millis(c.startedAt()), Jdbc.millis(c.completedAt()), micros(c.queue()), micros(c.init()),
        micros(c.exec()), c.cold(), c.error());
  }

  private static Duration micros(Duration d) {
    return d.isNegative() ? Duration.ZERO : Duration.of(d.toNanos() / 1_000, ChronoUnit.MICROS);
  }
}
