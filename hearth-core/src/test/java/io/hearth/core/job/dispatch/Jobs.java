package io.hearth.core.job.dispatch;

import io.hearth.core.ledger.Resources;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Fixtures for the dispatch tests: three classes, jobs of whole CPUs and a GiB per CPU, no overhead. */
final class Jobs {
  static final long GI = 1L << 30;
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final String ME = "d1";
  static final InstanceType SMALL = new InstanceType("small", 4, 16 * GI, 0, 0, new BigDecimal("0.10"), false);
  static final InstanceType MEDIUM = new InstanceType("medium", 8, 32 * GI, 0, 0, new BigDecimal("0.14"), false);
  static final InstanceType HUGE = new InstanceType("huge", 16, 64 * GI, 0, 0, new BigDecimal("1.00"), false);
  static final NodeClasses CLASSES = NodeClasses.configured(List.of(SMALL, MEDIUM, HUGE));
  static final Duration RESERVE_AFTER = Duration.ofMinutes(10);
  static final DispatchSettings SETTINGS = settings(RESERVE_AFTER);

  private Jobs() {}

  static DispatchSettings settings(Duration reserveAfter) {
    return new DispatchSettings(ME, CLASSES, new TypeChooser(0, TypeChooser.DEFAULT_PRICE_FACTOR), 10, reserveAfter);
  }

  /** A queued job of {@code vcpus} CPUs and as many GiB, first seen {@code seenSeconds} after T0. */
  static QueuedJob job(String id, int priority, int vcpus, long seenSeconds) {
    return QueuedJob.queued(id, priority, new Constraints(vcpus, vcpus * GI, 0, 0), T0.plusSeconds(seenSeconds));
  }

  static Resources cpus(int n) {
    return new Resources(n * GI, n * 1000L);
  }

  static NodeOffer node(String id, InstanceType type, int freeCpus) {
    return new NodeOffer(id, type.name(), type.capacity(), cpus(freeCpus));
  }

  static DispatchAction.Start start(String job, String node, String type, int vcpus) {
    return new DispatchAction.Start(job, 1, node, type, cpus(vcpus));
  }
}
