package io.hearth.server.jobs.dispatch;

import io.hearth.client.Alloc;
import io.hearth.client.Exec;
import io.hearth.client.ExecRequest;
import io.hearth.client.Keepalives;
import io.hearth.core.job.dispatch.NodeOffer;
import io.hearth.core.ledger.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the dispatcher needs of the nodes that run jobs: their offers, leases (allocs) taken on one
 * of them, execs started and read in those, and what an exec left. Every failure is a hearth-client
 * {@link io.hearth.client.ApiException} with the allocs API's status (404 or 410 for an alloc that
 * is gone, 503 for no room, 0 for no answer) and message. Methods block; thread-safe.
 * {@link ExchangeJobNodes} is the one implementation, over a node's allocs handler; unit tests use
 * a fake.
 */
public interface JobNodes extends Keepalives {

  /**
   * Every node jobs may be placed on, each with its class and what it has free now (nothing free
   * when it is full), and whether every node answered.
   */
  Look look();

  /** Takes a lease of {@code request} on {@code nodeId} for {@code owner}, first for {@code keepalive}. */
  Alloc take(String nodeId, Resources request, String owner, Map<String, String> labels, Duration keepalive);

  /** Starts an exec in an alloc; it comes back pending or running. */
  Exec exec(String allocId, ExecRequest request);

  /** An exec as it stands now. */
  Exec getExec(String allocId, String execId);

  /** Frees an alloc, killing its execs; one that is gone already is fine. */
  void free(String allocId);

  /** The exec's log (stdout and stderr), its last {@code maxBytes} at most. */
  byte[] log(String allocId, String execId, int maxBytes);

  /** A tar of the sub-directory {@code path} of the alloc's scratch directory, if at most {@code maxBytes}. */
  Output output(String allocId, String path, long maxBytes);

  /** Every live (active or expired) alloc of every node, with its labels and execs, and whether every node answered. */
  Allocs allocs();

  /**
   * The nodes' offers.
   *
   * @param classes the node classes as the nodes declare them now (an api node's runners), when they
   *                are not fixed in the dispatcher's settings
   */
  record Look(List<NodeOffer> offers, boolean complete, java.util.Optional<io.hearth.core.job.dispatch.NodeClasses> classes) {
    public Look {
      offers = List.copyOf(offers);
      java.util.Objects.requireNonNull(classes, "classes");
    }

    /** Offers of nodes whose classes are the dispatcher's settings'. */
    public Look(List<NodeOffer> offers, boolean complete) {
      this(offers, complete, java.util.Optional.empty());
    }
  }

  /** The live allocs. */
  record Allocs(List<Alloc> items, boolean complete) {
    public Allocs {
      items = List.copyOf(items);
    }
  }

  /** What a job left in its output directory. */
  sealed interface Output {
    /** A tar of it (of nothing, when the directory is empty or missing). */
    record Tar(byte[] bytes) implements Output {
      public Tar {
        Objects.requireNonNull(bytes, "bytes");
      }
    }

    /** More than the bound: kept nothing; {@code message} says how much and what the bound is. */
    record TooBig(String message) implements Output {}
  }
}
