package io.hearth.server.leases;

import io.hearth.core.ledger.Resources;
import io.hearth.store.Page;
import io.hearth.store.leases.AllocQuery;
import io.hearth.store.leases.AllocRecord;
import io.hearth.store.leases.ExecRow;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The leases of the node that holds them: its offer, its allocs and their execs, kept in its lease
 * book and written through to the lease store. What the allocs API of an all-in-one node and a
 * runner serves; api nodes route to it by the node id in an alloc id. Records come back as they
 * stand now (an active alloc whose lease ran out reads {@code expired}). Thread-safe; methods block.
 */
public interface NodeLeases extends AutoCloseable {

  String nodeId();

  /** What this node has free now, or empty when it has no free memory or CPU. */
  Optional<Offer> offer();

  /**
   * Grants an alloc: on {@link AllocRequest#offerId()} when given (which must be this node's
   * current offer and still hold the request), else wherever it fits here.
   */
  LeaseResult<AllocRecord> create(AllocRequest request);

  /** Renews an alloc's lease for {@code interval} (whole seconds from 1, clamped to 5 minutes). */
  LeaseResult<Granted> keepalive(String allocId, Duration interval);

  LeaseResult<AllocRecord> get(String allocId);

  /** This node's allocs, from the store, newest first. */
  Page<AllocRecord> list(AllocQuery query);

  /** Kills the alloc's execs and releases its grant; it stays readable as freed. */
  LeaseResult<AllocRecord> free(String allocId);

  /** Starts an exec in a live alloc; it comes back pending or running. */
  LeaseResult<ExecRow> exec(String allocId, ExecRequest request);

  LeaseResult<ExecRow> getExec(String allocId, String execId);

  /**
   * Writes the exec's log (stdout and stderr, as bounded by the node) to {@code out}: what there is
   * now, or with {@code follow} everything until the exec ends.
   *
   * @return empty when written; a failure (no such alloc or exec) before anything was written
   */
  Optional<LeaseResult.Failed<Void>> log(String allocId, String execId, boolean follow, OutputStream out)
      throws IOException;

  /** A regular file in the alloc's scratch directory; {@code path} is relative and cannot leave it. */
  LeaseResult<Path> file(String allocId, String path);

  /**
   * The alloc's scratch directory (its {@code /alloc}), for a tar of part of it; by default (a node
   * that keeps no files) not found.
   */
  default LeaseResult<Path> scratch(String allocId) {
    return LeaseResult.failed(LeaseResult.Failure.NOT_FOUND, "no alloc " + allocId);
  }

  /** Counts for metrics. */
  LeaseStats stats();

  /** Stops timers and following; leaves execs running (a restarted node re-adopts them). */
  @Override
  void close();

  /** An offer: at most one per node, of everything it has free. */
  record Offer(String id, String nodeId, Resources available, Resources capacity) {
    public Offer {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(nodeId, "nodeId");
      Objects.requireNonNull(available, "available");
      Objects.requireNonNull(capacity, "capacity");
    }
  }

  /** {@code POST /v2/allocs}, validated. */
  record AllocRequest(Optional<String> offerId, Resources resources, String owner, Map<String, String> labels,
      Optional<Duration> keepalive) {
    public AllocRequest {
      Objects.requireNonNull(offerId, "offerId");
      Objects.requireNonNull(resources, "resources");
      Objects.requireNonNull(owner, "owner");
      labels = Map.copyOf(labels);
      Objects.requireNonNull(keepalive, "keepalive");
    }
  }

  /**
   * {@code POST /v2/allocs/{id}/execs}, validated; empty resources take all the alloc has free;
   * {@code mounts} are sub-directories of the scratch directory mounted elsewhere (container path
   * to a path relative to the scratch directory).
   */
  record ExecRequest(String image, List<String> cmd, Map<String, String> env, Optional<Resources> resources,
      Optional<Duration> timeout, Map<String, String> labels, Map<String, String> mounts) {
    public ExecRequest {
      Objects.requireNonNull(image, "image");
      cmd = List.copyOf(cmd);
      env = Map.copyOf(env);
      Objects.requireNonNull(resources, "resources");
      Objects.requireNonNull(timeout, "timeout");
      labels = Map.copyOf(labels);
      mounts = Map.copyOf(mounts);
    }

    public ExecRequest(String image, List<String> cmd, Map<String, String> env, Optional<Resources> resources,
        Optional<Duration> timeout, Map<String, String> labels) {
      this(image, cmd, env, resources, timeout, labels, Map.of());
    }
  }

  /** A keepalive's grant. */
  record Granted(Duration granted, Instant expiresAt) {}

  /**
   * Counts for metrics.
   *
   * @param allocsByState live and retained allocs on this node by state word ({@code active}, ...)
   * @param leased        what live allocs hold
   * @param capacity      the node's capacity
   * @param keepalives    keepalives granted since start
   * @param reclaims      allocs reclaimed since start
   * @param execsByEnd    execs ended since start by final state word ({@code succeeded}, ...)
   */
  record LeaseStats(Map<String, Long> allocsByState, Resources leased, Resources capacity, long keepalives,
      long reclaims, Map<String, Long> execsByEnd) {}
}
