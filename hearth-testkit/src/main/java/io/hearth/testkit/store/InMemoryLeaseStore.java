package io.hearth.testkit.store;

import io.hearth.store.Jdbc;
import io.hearth.store.Page;
import io.hearth.store.StoreException;
import io.hearth.store.TimeCursor;
import io.hearth.store.leases.AllocQuery;
import io.hearth.store.leases.AllocRecord;
import io.hearth.store.leases.AllocRow;
import io.hearth.store.leases.AllocState;
import io.hearth.store.leases.ExecRow;
import io.hearth.store.leases.LeaseStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A {@link LeaseStore} in maps, for unit tests: it passes the same conformance suite as the JDBC
 * store. The guarded writes apply under the same conditions as the JDBC store's statements;
 * deleting an alloc deletes its execs; times are cut to the millisecond; ids order by code point;
 * and it refuses what the tables' columns could not hold (ids over {@value #MAX_ID_CHARS}
 * characters, node ids over {@value #MAX_NODE_CHARS}, owners over {@value #MAX_OWNER_CHARS},
 * images over {@value #MAX_IMAGE_CHARS}) as the database does, with {@link StoreException.Failed}.
 *
 * <p>Thread-safe: both maps are guarded by this object's monitor.
 */
public final class InMemoryLeaseStore implements LeaseStore {

  static final int MAX_ID_CHARS = 128;
  static final int MAX_NODE_CHARS = 64;
  static final int MAX_OWNER_CHARS = 255;
  static final int MAX_IMAGE_CHARS = 1024;

  private static final Comparator<AllocRow> OLDEST_FIRST =
      Comparator.comparing(AllocRow::createdAt).thenComparing(AllocRow::id);
  private static final Comparator<ExecRow> EXECS_IN_ORDER =
      Comparator.comparing(ExecRow::createdAt).thenComparing(ExecRow::id);

  private final Map<String, AllocRow> allocs = new HashMap<>();
  /** By exec id. */
  private final Map<String, ExecRow> execs = new HashMap<>();

  @Override
  public synchronized void insertAlloc(AllocRow alloc) {
    fits("alloc id", alloc.id(), MAX_ID_CHARS);
    fits("node id", alloc.nodeId(), MAX_NODE_CHARS);
    fits("owner", alloc.owner(), MAX_OWNER_CHARS);
    if (allocs.containsKey(alloc.id())) {
      throw new StoreException.Conflict("An alloc with id '" + alloc.id() + "' already exists");
    }
    allocs.put(alloc.id(), new AllocRow(alloc.id(), alloc.nodeId(), alloc.owner(), alloc.labels(), alloc.resources(),
        alloc.state(), Jdbc.millis(alloc.createdAt()), Jdbc.millis(alloc.lastKeepaliveAt()),
        Jdbc.millis(alloc.expiresAt()), Jdbc.millis(alloc.endedAt())));
  }

  @Override
  public synchronized Optional<AllocRecord> get(String allocId) {
    return Optional.ofNullable(allocs.get(allocId)).map(this::withExecs);
  }

  @Override
  public synchronized boolean keepalive(String allocId, Instant at, Instant expiresAt) {
    if (expiresAt.isBefore(at)) {
      throw new IllegalArgumentException("a lease cannot expire (" + expiresAt + ") before it is renewed (" + at + ")");
    }
    AllocRow a = allocs.get(allocId);
    if (a == null || a.ended()) {
      return false;
    }
    allocs.put(allocId, new AllocRow(a.id(), a.nodeId(), a.owner(), a.labels(), a.resources(), AllocState.ACTIVE,
        a.createdAt(), Jdbc.millis(at), Jdbc.millis(expiresAt), null));
    return true;
  }

  @Override
  public synchronized boolean expire(String allocId, Instant now) {
    AllocRow a = allocs.get(allocId);
    if (a == null || a.state() != AllocState.ACTIVE || ranOn(a, now)) {
      return false;
    }
    allocs.put(allocId, with(a, AllocState.EXPIRED, null));
    return true;
  }

  @Override
  public synchronized boolean end(String allocId, AllocState state, Instant endedAt) {
    if (!state.ended()) {
      throw new IllegalArgumentException("an alloc ends reclaimed or freed, not " + state.wire());
    }
    AllocRow a = allocs.get(allocId);
    if (a == null || a.ended() || state == AllocState.RECLAIMED && ranOn(a, endedAt)) {
      return false;
    }
    allocs.put(allocId, with(a, state, Jdbc.millis(endedAt)));
    return true;
  }

  @Override
  public synchronized List<AllocRecord> liveOnNode(String nodeId) {
    return allocs.values().stream()
        .filter(a -> a.nodeId().equals(nodeId) && !a.ended())
        .sorted(OLDEST_FIRST)
        .map(this::withExecs)
        .toList();
  }

  @Override
  public synchronized Page<AllocRecord> list(AllocQuery query) {
    TimeCursor after = query.after();
    Predicate<AllocRow> beyond = after == null ? a -> true
        : a -> a.createdAt().isBefore(after.createdAt())
            || a.createdAt().equals(after.createdAt()) && a.id().compareTo(after.id()) < 0;
    List<AllocRecord> items = allocs.values().stream()
        .filter(a -> query.owner() == null || a.owner().equals(query.owner()))
        .filter(a -> query.state() == null || a.state() == query.state())
        .filter(beyond)
        .sorted(OLDEST_FIRST.reversed())
        .limit(query.perPage())
        .map(this::withExecs)
        .toList();
    String next = items.size() == query.perPage() ? AllocQuery.cursorOf(items.getLast().alloc()) : null;
    return new Page<>(items, next);
  }

  @Override
  public synchronized void insertExec(ExecRow exec) {
    fits("exec id", exec.id(), MAX_ID_CHARS);
    fits("image", exec.image(), MAX_IMAGE_CHARS);
    fits("container id", exec.containerId(), MAX_ID_CHARS);
    if (!allocs.containsKey(exec.allocId())) {
      throw new StoreException.NotFound("Alloc not found: " + exec.allocId());
    }
    if (execs.containsKey(exec.id())) {
      throw new StoreException.Conflict("An exec with id '" + exec.id() + "' already exists");
    }
    execs.put(exec.id(), progress(exec, exec));
  }

  @Override
  public synchronized void updateExec(ExecRow exec) {
    fits("container id", exec.containerId(), MAX_ID_CHARS);
    ExecRow old = execs.get(exec.id());
    if (old == null || !old.allocId().equals(exec.allocId())) {
      throw new StoreException.NotFound("Exec not found: " + exec.id() + " in alloc " + exec.allocId());
    }
    execs.put(exec.id(), progress(old, exec));
  }

  @Override
  public synchronized int deleteEnded(Instant endedBefore, int limit) {
    Instant before = Jdbc.millis(endedBefore);
    List<String> doomed = allocs.values().stream()
        .filter(a -> a.ended() && a.endedAt().isBefore(before))
        .sorted(Comparator.comparing(AllocRow::endedAt))
        .limit(limit)
        .map(AllocRow::id)
        .toList();
    doomed.forEach(allocs::remove);
    execs.values().removeIf(x -> !allocs.containsKey(x.allocId()));
    return doomed.size();
  }

  /** Whether the alloc's lease runs on past {@code now} (JDBC: {@code NOT expires_at <= now}). */
  private static boolean ranOn(AllocRow a, Instant now) {
    return a.expiresAt().isAfter(Jdbc.millis(now));
  }

  private static AllocRow with(AllocRow a, AllocState state, Instant endedAt) {
    return new AllocRow(a.id(), a.nodeId(), a.owner(), a.labels(), a.resources(), state, a.createdAt(),
        a.lastKeepaliveAt(), a.expiresAt(), endedAt);
  }

  /** What {@code base} runs, with the progress of {@code update}, times cut to the millisecond. */
  private static ExecRow progress(ExecRow base, ExecRow update) {
    return new ExecRow(base.id(), base.allocId(), base.image(), base.cmd(), base.env(), base.resources(),
        base.labels(), update.state(), update.containerId(), update.exitCode(), update.oom(), update.error(),
        Jdbc.millis(base.createdAt()), Jdbc.millis(update.startedAt()), Jdbc.millis(update.finishedAt()));
  }

  private AllocRecord withExecs(AllocRow a) {
    return new AllocRecord(a, execs.values().stream()
        .filter(x -> x.allocId().equals(a.id()))
        .sorted(EXECS_IN_ORDER)
        .toList());
  }

  private static void fits(String column, String value, int max) {
    if (value != null && value.length() > max) {
      throw new StoreException.Failed("value too long for the " + column + " column (" + max + "): " + value, null);
    }
  }
}
