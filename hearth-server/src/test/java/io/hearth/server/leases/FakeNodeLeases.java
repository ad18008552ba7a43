package io.hearth.server.leases;

import io.hearth.core.ledger.Resources;
import io.hearth.store.Page;
import io.hearth.store.leases.AllocQuery;
import io.hearth.store.leases.AllocRecord;
import io.hearth.store.leases.AllocRow;
import io.hearth.store.leases.AllocState;
import io.hearth.store.leases.ExecRow;
import io.hearth.store.leases.ExecState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A node's leases for API tests: allocs and execs in maps, times from a fixed instant moved by hand,
 * and a refusal to answer every call with when {@link #refuse} is set. Its log writes {@link
 * #logText}; following, it writes the first line, waits for {@link #endLog} and writes the second.
 * Guarded by its monitor.
 */
class FakeNodeLeases implements NodeLeases {
  static final Resources CAPACITY = new Resources(8L << 30, 4000, Map.of(Resources.DISK, 100L << 30));

  private final Map<String, AllocRecord> allocs = new LinkedHashMap<>();
  private final Path scratch;
  Instant now = Instant.parse("2026-01-02T03:04:05.678Z");
  Optional<Offer> offer = Optional.of(new Offer("n1.o1", "n1", CAPACITY, CAPACITY));
  LeaseResult.Failure refuse;
  String logText = "hello\n";
  final CountDownLatch endLog = new CountDownLatch(1);
  AllocRequest lastAlloc;
  ExecRequest lastExec;
  Duration lastInterval;
  String lastFile;
  private int next;

  FakeNodeLeases(Path scratch) {
    this.scratch = scratch;
  }

  @Override
  public String nodeId() {
    return "n1";
  }

  @Override
  public synchronized Optional<Offer> offer() {
    return offer;
  }

  @Override
  public synchronized LeaseResult<AllocRecord> create(AllocRequest request) {
    lastAlloc = request;
    if (refuse != null) {
      return refused();
    }
    String id = "n1." + String.format("A%04d", ++next);
    Instant created = now.plusMillis(next);
    AllocRow row = AllocRow.active(id, "n1", request.owner(), request.labels(),
        WireResources.toWire(request.resources()), created,
        created.plus(request.keepalive().orElse(Duration.ofMinutes(2))));
    AllocRecord r = new AllocRecord(row, List.of());
    allocs.put(id, r);
    return LeaseResult.ok(r);
  }

  @Override
  public synchronized LeaseResult<Granted> keepalive(String allocId, Duration interval) {
    lastInterval = interval;
    if (refuse != null) {
      return refused();
    }
    AllocRecord r = allocs.get(allocId);
    if (r == null) {
      return LeaseResult.failed(LeaseResult.Failure.NOT_FOUND, "Alloc not found: " + allocId);
    }
    if (r.alloc().ended()) {
      return LeaseResult.failed(LeaseResult.Failure.GONE, "alloc expired");
    }
    return LeaseResult.ok(new Granted(interval, now.plus(interval)));
  }

  @Override
  public synchronized LeaseResult<AllocRecord> get(String allocId) {
    if (refuse != null) {
      return refused();
    }
    AllocRecord r = allocs.get(allocId);
    return r == null ? LeaseResult.failed(LeaseResult.Failure.NOT_FOUND, "Alloc not found: " + allocId)
        : LeaseResult.ok(r);
  }

  @Override
  public synchronized Page<AllocRecord> list(AllocQuery query) {
    List<AllocRecord> all = new ArrayList<>(allocs.values());
    all.sort(Comparator.comparing((AllocRecord r) -> r.alloc().createdAt()).thenComparing(AllocRecord::id)
        .reversed());
    List<AllocRecord> page = new ArrayList<>();
    for (AllocRecord r : all) {
      AllocRow a = r.alloc();
      if (query.owner() != null && !query.owner().equals(a.owner())
          || query.state() != null && query.state() != a.state()) {
        continue;
      }
      if (query.after() != null) {
        int c = a.createdAt().compareTo(query.after().createdAt());
        if (c > 0 || c == 0 && a.id().compareTo(query.after().id()) >= 0) {
          continue;
        }
      }
      page.add(r);
      if (page.size() == query.perPage()) {
        return new Page<>(page, AllocQuery.cursorOf(a));
      }
    }
    return new Page<>(page, null);
  }

  @Override
  public synchronized LeaseResult<AllocRecord> free(String allocId) {
    if (refuse != null) {
      return refused();
    }
    AllocRecord r = allocs.get(allocId);
    if (r == null) {
      return LeaseResult.failed(LeaseResult.Failure.NOT_FOUND, "Alloc not found: " + allocId);
    }
    AllocRow a = r.alloc();
    AllocRecord freed = new AllocRecord(new AllocRow(a.id(), a.nodeId(), a.owner(), a.labels(), a.resources(),
        AllocState.FREED, a.createdAt(), a.lastKeepaliveAt(), a.expiresAt(), now), r.execs());
    allocs.put(allocId, freed);
    return LeaseResult.ok(freed);
  }

  @Override
  public synchronized LeaseResult<ExecRow> exec(String allocId, ExecRequest request) {
    lastExec = request;
    if (refuse != null) {
      return refused();
    }
    AllocRecord r = allocs.get(allocId);
    if (r == null) {
      return LeaseResult.failed(LeaseResult.Failure.NOT_FOUND, "Alloc not found: " + allocId);
    }
    ExecRow e = ExecRow.pending("E" + (++next), allocId, request.image(), request.cmd(), request.env(),
        WireResources.toWire(request.resources().orElse(WireResources.fromWire(r.alloc().resources()))),
        request.labels(), now);
    List<ExecRow> execs = new ArrayList<>(r.execs());
    execs.add(e);
    allocs.put(allocId, new AllocRecord(r.alloc(), execs));
    return LeaseResult.ok(e);
  }

  /** Moves an exec on, as the node would when its container runs and exits. */
  synchronized void finish(String allocId, String execId, int exitCode) {
    AllocRecord r = allocs.get(allocId);
    List<ExecRow> execs = new ArrayList<>();
    for (ExecRow e : r.execs()) {
      execs.add(e.id().equals(execId) ? e.running("c1", now).finished(exitCode == 0 ? ExecState.SUCCEEDED
          : ExecState.FAILED, exitCode, false, exitCode == 0 ? null : "exited " + exitCode, now.plusSeconds(1)) : e);
    }
    allocs.put(allocId, new AllocRecord(r.alloc(), execs));
  }

  @Override
  public synchronized LeaseResult<ExecRow> getExec(String allocId, String execId) {
    if (refuse != null) {
      return refused();
    }
    AllocRecord r = allocs.get(allocId);
    if (r == null) {
      return LeaseResult.failed(LeaseResult.Failure.NOT_FOUND, "Alloc not found: " + allocId);
    }
    return r.execs().stream().filter(e -> e.id().equals(execId)).findFirst()
        .<LeaseResult<ExecRow>>map(LeaseResult::ok)
        .orElse(LeaseResult.failed(LeaseResult.Failure.NOT_FOUND, "Exec not found: " + execId));
  }

  @Override
  public Optional<LeaseResult.Failed<Void>> log(String allocId, String execId, boolean follow, OutputStream out)
      throws IOException {
    LeaseResult<ExecRow> exec = getExec(allocId, execId);
    if (exec instanceof LeaseResult.Failed<ExecRow> f) {
      return Optional.of(f.cast());
    }
    out.write(logText.getBytes(StandardCharsets.UTF_8));
    if (follow) {
      try {
        if (!endLog.await(60, TimeUnit.SECONDS)) {
          throw new IOException("the test never ended the log");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      out.write("bye\n".getBytes(StandardCharsets.UTF_8));
    }
    return Optional.empty();
  }

  @Override
  public synchronized LeaseResult<Path> scratch(String allocId) {
    return allocs.containsKey(allocId) ? LeaseResult.ok(scratch)
        : LeaseResult.failed(LeaseResult.Failure.NOT_FOUND, "Alloc not found: " + allocId);
  }

  @Override
  public synchronized LeaseResult<Path> file(String allocId, String path) {
    lastFile = path;
    if (refuse != null) {
      return refused();
    }
    if (!allocs.containsKey(allocId)) {
      return LeaseResult.failed(LeaseResult.Failure.NOT_FOUND, "Alloc not found: " + allocId);
    }
    Path p = scratch.resolve(path);
    return Files.isRegularFile(p) ? LeaseResult.ok(p)
        : LeaseResult.failed(LeaseResult.Failure.NOT_FOUND, "File not found: " + path);
  }

  @Override
  public synchronized LeaseStats stats() {
    return new LeaseStats(Map.of("active", 2L, "expired", 1L), new Resources(1L << 30, 1500,
        Map.of(Resources.GPU, 1L, "fpga", 2L)), CAPACITY, 7, 3, Map.of("succeeded", 4L, "killed", 1L));
  }

  @Override
  public void close() {}

  private <T> LeaseResult<T> refused() {
    return LeaseResult.failed(refuse, switch (refuse) {
      case INVALID -> "no node here could ever hold 64 GiB of memory";
      case NOT_FOUND -> "Alloc not found";
      case OFFER_EXPIRED -> "offer expired";
      case GONE -> "alloc expired";
      case SHORT -> "not enough memory now: 1 GiB short";
    });
  }
}
