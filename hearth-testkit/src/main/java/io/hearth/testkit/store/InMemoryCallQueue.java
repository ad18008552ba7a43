package io.hearth.testkit.store;

import io.hearth.store.StoreException;
import io.hearth.store.queue.CallQueue;
import io.hearth.store.queue.Depth;
import io.hearth.store.queue.Outcome;
import io.hearth.store.queue.QueuedCall;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@link CallQueue} in a map under this object's monitor, with the JDBC queue's rules (depth
 * limit, due and expired claims oldest first, guards by node, attempt and state, recovery) and its
 * millisecond times; passes {@code CallQueueContract}. For unit tests of the async shell.
 */
public final class InMemoryCallQueue implements CallQueue {
  private static final String NO_ATTEMPTS_LEFT = "no attempts left: the node running its last attempt went away";

  /** Guarded by this. */
  private final Map<String, QueuedCall> calls = new LinkedHashMap<>();

  private static Instant ms(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
  }

  private static QueuedCall with(QueuedCall q, String state, String node, Instant claimUntil, int attempts,
      Instant runAfter, Instant startedAt, Instant completedAt, Outcome o, String error) {
    return new QueuedCall(q.id(), q.appId(), q.fnId(), q.kind(), state, node, ms(claimUntil), attempts,
        q.maxAttempts(), ms(runAfter), q.createdAt(), ms(startedAt), ms(completedAt), q.trigger(), q.requestHeaders(),
        q.requestBody(), o == null ? q.resultStatus() : o.status(), o == null ? q.resultHeaders() : o.headers(),
        o == null ? q.resultBody() : o.body(), error);
  }

  private static QueuedCall stored(QueuedCall q) {
    return new QueuedCall(q.id(), q.appId(), q.fnId(), q.kind(), q.state(), q.nodeId(), ms(q.claimUntil()),
        q.attempts(), q.maxAttempts(), ms(q.runAfter()), ms(q.createdAt()), ms(q.startedAt()), ms(q.completedAt()),
        q.trigger(), q.requestHeaders(), q.requestBody(), q.resultStatus(), q.resultHeaders(), q.resultBody(),
        q.error());
  }

  @Override
  public synchronized boolean enqueue(QueuedCall call, int maxOpen) {
    long open = calls.values().stream().filter(q -> q.fnId().equals(call.fnId()) && !q.isFinal()).count();
    if (open >= maxOpen) {
      return false;
    }
    recordDetached(call);
    return true;
  }

  @Override
  public synchronized void recordDetached(QueuedCall call) {
    if (calls.containsKey(call.id())) {
      throw new StoreException.Conflict("a call with this id is queued already", null);
    }
    calls.put(call.id(), stored(call));
  }

  @Override
  public synchronized Optional<QueuedCall> get(String id) {
    return Optional.ofNullable(calls.get(id));
  }

  @Override
  public synchronized List<QueuedCall> claim(String nodeId, Instant now, Duration lease, int limit,
      Collection<String> skipFns, java.util.function.ToIntFunction<String> concurrencyOf) {
    List<QueuedCall> due = calls.values().stream()
        .filter(q -> q.kind() == QueuedCall.Kind.ASYNC && !skipFns.contains(q.fnId()))
        .filter(q -> q.state().equals(QueuedCall.QUEUED) && !q.runAfter().isAfter(now)
            || q.state().equals(QueuedCall.RUNNING) && q.claimUntil() != null && q.claimUntil().isBefore(now))
        .sorted(Comparator.comparing(QueuedCall::runAfter).thenComparing(QueuedCall::id))
        .limit(Math.max(0, limit)).toList();
    List<QueuedCall> claimed = new ArrayList<>();
    Map<String, Long> room = new java.util.HashMap<>();
    for (QueuedCall q : due) {
      if (q.state().equals(QueuedCall.RUNNING) && q.attempts() >= q.maxAttempts()) {
        calls.put(q.id(), with(q, QueuedCall.ERROR, null, null, q.attempts(), q.runAfter(), q.startedAt(), now, null,
            NO_ATTEMPTS_LEFT));
        continue;
      }
      int most = concurrencyOf.applyAsInt(q.fnId());
      if (most > 0) {
        long left = room.computeIfAbsent(q.fnId(), fn -> most - calls.values().stream()
            .filter(o -> o.fnId().equals(fn) && o.kind() == QueuedCall.Kind.ASYNC && o.state().equals(QueuedCall.RUNNING)
                && o.claimUntil() != null && !o.claimUntil().isBefore(now)).count());
        if (left <= 0) {
          continue; // at its limit over the cluster
        }
        room.put(q.fnId(), left - 1);
      }
      QueuedCall c = with(q, QueuedCall.RUNNING, nodeId, now.plus(lease), q.attempts() + 1, q.runAfter(), now, null,
          null, q.error());
      calls.put(q.id(), c);
      claimed.add(c);
    }
    return claimed;
  }

  @Override
  public synchronized int renewDetached(String nodeId, Instant until) {
    int n = 0;
    for (QueuedCall q : List.copyOf(calls.values())) {
      if (q.kind() == QueuedCall.Kind.DETACHED && nodeId.equals(q.nodeId()) && q.state().equals(QueuedCall.RUNNING)) {
        calls.put(q.id(), with(q, q.state(), nodeId, until, q.attempts(), q.runAfter(), q.startedAt(), null, null,
            q.error()));
        n++;
      }
    }
    return n;
  }

  @Override
  public synchronized int endExpiredDetached(Instant now, String reason) {
    int n = 0;
    for (QueuedCall q : List.copyOf(calls.values())) {
      if (q.kind() == QueuedCall.Kind.DETACHED && q.state().equals(QueuedCall.RUNNING) && q.claimUntil() != null
          && q.claimUntil().isBefore(now)) {
        calls.put(q.id(), with(q, QueuedCall.ERROR, null, null, q.attempts(), q.runAfter(), q.startedAt(), now, null,
            reason));
        n++;
      }
    }
    return n;
  }

  @Override
  public synchronized int renew(String nodeId, Collection<String> ids, Instant until) {
    int n = 0;
    for (String id : ids) {
      QueuedCall q = calls.get(id);
      if (q != null && nodeId.equals(q.nodeId()) && q.state().equals(QueuedCall.RUNNING)
          && q.kind() == QueuedCall.Kind.ASYNC) {
        calls.put(id, with(q, q.state(), nodeId, until, q.attempts(), q.runAfter(), q.startedAt(), null, null,
            q.error()));
        n++;
      }
    }
    return n;
  }

  private boolean holds(QueuedCall q, String nodeId, int attempt) {
    return q != null && nodeId.equals(q.nodeId()) && q.attempts() == attempt && q.state().equals(QueuedCall.RUNNING);
  }

  @Override
  public synchronized boolean finish(String id, String nodeId, int attempt, Outcome o, Instant now) {
    QueuedCall q = calls.get(id);
    if (!holds(q, nodeId, attempt)) {
      return false;
    }
    calls.put(id, with(q, o.state(), null, null, q.attempts(), q.runAfter(), q.startedAt(), now, o, o.error()));
    return true;
  }

  @Override
  public synchronized boolean release(String id, String nodeId, int attempt) {
    QueuedCall q = calls.get(id);
    if (!holds(q, nodeId, attempt) || q.kind() != QueuedCall.Kind.ASYNC) {
      return false;
    }
    calls.put(id, with(q, QueuedCall.QUEUED, null, null, q.attempts() - 1, q.runAfter(), q.startedAt(), null, null,
        q.error()));
    return true;
  }

  @Override
  public synchronized boolean retry(String id, String nodeId, int attempt, Instant runAfter, String lastError) {
    QueuedCall q = calls.get(id);
    if (!holds(q, nodeId, attempt) || q.kind() != QueuedCall.Kind.ASYNC) {
      return false;
    }
    calls.put(id, with(q, QueuedCall.QUEUED, null, null, q.attempts(), runAfter, q.startedAt(), null, null, lastError));
    return true;
  }

  @Override
  public synchronized int recoverNode(String nodeId, Instant now, String reason) {
    int n = 0;
    for (QueuedCall q : List.copyOf(calls.values())) {
      if (!nodeId.equals(q.nodeId()) || q.isFinal()) {
        continue;
      }
      if (q.kind() == QueuedCall.Kind.DETACHED || q.attempts() >= q.maxAttempts()) {
        calls.put(q.id(), with(q, QueuedCall.ERROR, null, null, q.attempts(), q.runAfter(), q.startedAt(), now, null,
            reason));
        n++;
      } else if (q.state().equals(QueuedCall.RUNNING)) {
        calls.put(q.id(), with(q, QueuedCall.QUEUED, null, null, q.attempts(), now, q.startedAt(), null, null,
            reason));
        n++;
      }
    }
    return n;
  }

  @Override
  public synchronized List<Depth> depths() {
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, Instant> oldest = new TreeMap<>();
    for (QueuedCall q : calls.values()) {
      if (q.kind() != QueuedCall.Kind.ASYNC || q.isFinal()) {
        continue;
      }
      long[] c = counts.computeIfAbsent(q.fnId(), k -> new long[2]);
      if (q.state().equals(QueuedCall.QUEUED)) {
        c[0]++;
        oldest.merge(q.fnId(), q.createdAt(), (a, b) -> a.isBefore(b) ? a : b);
      } else {
        c[1]++;
      }
    }
    List<Depth> out = new ArrayList<>();
    counts.forEach((fn, c) -> out.add(new Depth(fn, c[0], c[1], oldest.get(fn))));
    return out;
  }

  @Override
  public synchronized int deleteFinishedBefore(Instant cutoff, int limit) {
    List<String> old = calls.values().stream()
        .filter(q -> q.isFinal() && q.completedAt() != null && q.completedAt().isBefore(cutoff))
        .sorted(Comparator.comparing(QueuedCall::completedAt)).limit(limit).map(QueuedCall::id).toList();
    old.forEach(calls::remove);
    return old.size();
  }
}
