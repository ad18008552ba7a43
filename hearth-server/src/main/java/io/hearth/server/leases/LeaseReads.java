package io.hearth.server.leases;

import io.hearth.core.lease.Alloc;
import io.hearth.core.lease.LeaseBook;
import io.hearth.server.leases.LeaseResult.Failure;
import io.hearth.store.Page;
import io.hearth.store.leases.AllocQuery;
import io.hearth.store.leases.AllocRecord;
import io.hearth.store.leases.ExecRow;
import io.hearth.store.leases.LeaseStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What {@link LocalLeases} answers about allocs without changing them: an alloc, a page of them,
 * an exec, a scratch file, and why an alloc is gone or missing — from the lease store, with the
 * book's word for this node's own allocs (the store lags the book by an expiry sweep).
 *
 * <p>Threads: any; it holds no state of its own (the book and the store guard theirs).
 */
final class LeaseReads {
  private final String nodeId;
  private final LeaseSettings settings;
  private final LeaseBook book;
  private final LeaseStore store;
  private final Supplier<Instant> now;

  LeaseReads(String nodeId, LeaseSettings settings, LeaseBook book, LeaseStore store, Supplier<Instant> now) {
    this.nodeId = nodeId;
    this.settings = settings;
    this.book = book;
    this.store = store;
    this.now = now;
  }

  /** A stored alloc as it stands now; the book's word where it has one. */
  private AllocRecord current(AllocRecord r, Instant now) {
    return AllocViews.current(r, r.alloc().nodeId().equals(nodeId) ? book.get(r.id(), now) : Optional.empty(), now);
  }

  LeaseResult<AllocRecord> get(String allocId) {
    Optional<AllocRecord> r = store.get(allocId);
    if (r.isEmpty()) {
      return LeaseResult.failed(Failure.NOT_FOUND, "no alloc " + allocId);
    }
    return LeaseResult.ok(current(r.get(), now.get()));
  }

  Page<AllocRecord> list(AllocQuery query) {
    Instant at = now.get();
    Page<AllocRecord> page = store.list(query);
    return new Page<>(page.items().stream().map(r -> current(r, at))
        .filter(r -> query.state() == null || r.alloc().state() == query.state()) // the store lags the book by a sweep
        .toList(), page.nextCursor());
  }

  LeaseResult<ExecRow> getExec(String allocId, String execId) {
    Optional<AllocRecord> r = store.get(allocId);
    if (r.isEmpty()) {
      return LeaseResult.failed(Failure.NOT_FOUND, "no alloc " + allocId);
    }
    return r.get().execs().stream().filter(x -> x.id().equals(execId)).findFirst()
        .<LeaseResult<ExecRow>>map(LeaseResult::ok)
        .orElseGet(() -> LeaseResult.failed(Failure.NOT_FOUND, "alloc " + allocId + " has no exec " + execId));
  }

  LeaseResult<Path> file(String allocId, String path) {
    if (book.get(allocId, now.get()).isEmpty() && store.get(allocId).isEmpty()) {
      return LeaseResult.failed(Failure.NOT_FOUND, "no alloc " + allocId);
    }
    return switch (ScratchFiles.resolve(settings.scratchDir(allocId).toAbsolutePath(), path)) {
      case ScratchFiles.Resolved.File f -> LeaseResult.ok(f.path());
      case ScratchFiles.Resolved.Refused r -> LeaseResult.failed(Failure.INVALID, r.message());
      case ScratchFiles.Resolved.Missing m -> LeaseResult.failed(Failure.NOT_FOUND, m.message() + " of alloc " + allocId);
    };
  }

  LeaseResult<Path> scratch(String allocId) {
    if (book.get(allocId, now.get()).isEmpty() && store.get(allocId).isEmpty()) {
      return LeaseResult.failed(Failure.NOT_FOUND, "no alloc " + allocId);
    }
    return LeaseResult.ok(settings.scratchDir(allocId).toAbsolutePath());
  }

  /** Why an alloc this node cannot act on is not there: ended (410), another node's, or unknown (404). */
  <T> LeaseResult<T> goneOrMissing(String allocId) {
    Optional<Alloc> booked = book.get(allocId, now.get());
    if (booked.isPresent() && booked.get().endedAt().isPresent()) {
      return AllocViews.gone(allocId, AllocViews.word(booked.get().state()), booked.get().endedAt().get());
    }
    Optional<AllocRecord> stored = store.get(allocId);
    if (stored.isPresent() && stored.get().alloc().ended()) {
      return AllocViews.gone(allocId, stored.get().alloc().state().wire(), stored.get().alloc().endedAt());
    }
    if (stored.isPresent() && !stored.get().alloc().nodeId().equals(nodeId)) {
      return LeaseResult.failed(Failure.NOT_FOUND, "alloc " + allocId + " is held by node "
          + stored.get().alloc().nodeId() + ", not by this node " + nodeId);
    }
    return LeaseResult.failed(Failure.NOT_FOUND, "no alloc " + allocId + " on node " + nodeId);
  }
}
