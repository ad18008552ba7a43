package io.hearth.server.leases;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link LocalLeases} runs a node's leases.
 *
 * @param dataDir        the node's data directory: each alloc's scratch directory and exec logs are
 *                       under {@code <dataDir>/allocs/<alloc id>/}
 * @param retention      how long a reclaimed or freed alloc (its record, logs and scratch files)
 *                       stays readable before it is collected
 * @param expirySweep    how often allocs whose lease ran out are marked expired in the store (the
 *                       API derives the state from {@code expires_at} anyway; this keeps
 *                       {@code ?state=expired} listings true)
 * @param collectEvery   how often ended allocs past their retention are collected
 * @param diskCheck      how often the scratch directory of an alloc with running execs is measured
 *                       against its {@code disk_bytes} (a soft bound: an exec may overshoot it until
 *                       the next check)
 * @param logPoll        how often a followed log is read again while its exec runs
 * @param deleteEnded    whether this node also deletes ended allocs' rows from the store after the
 *                       retention period (all-in-one nodes; on a cluster the api nodes do it)
 */
public record LeaseSettings(Path dataDir, Duration retention, Duration expirySweep, Duration collectEvery,
    Duration diskCheck, Duration logPoll, boolean deleteEnded) {

  /** An hour: long enough to read a reclaimed alloc's results after a lunch break. */
  public static final Duration DEFAULT_RETENTION = Duration.ofHours(1);

  public LeaseSettings {
    dataDir = dataDir.toAbsolutePath().normalize(); // bind-mounted into exec containers: the engine needs it absolute
    positive(retention, "retention");
    positive(expirySweep, "expirySweep");
    positive(collectEvery, "collectEvery");
    positive(diskCheck, "diskCheck");
    positive(logPoll, "logPoll");
  }

  /** The defaults: 1 h retention, expiry sweep every second, collect every minute, disk check every 2 s, log poll 200 ms. */
  public static LeaseSettings defaults(Path dataDir) {
    return new LeaseSettings(dataDir, DEFAULT_RETENTION, Duration.ofSeconds(1), Duration.ofMinutes(1),
        Duration.ofSeconds(2), Duration.ofMillis(200), true);
  }

  public LeaseSettings withRetention(Duration retention) {
    return new LeaseSettings(dataDir, retention, expirySweep, collectEvery, diskCheck, logPoll, deleteEnded);
  }

  public LeaseSettings withDeleteEnded(boolean deleteEnded) {
    return new LeaseSettings(dataDir, retention, expirySweep, collectEvery, diskCheck, logPoll, deleteEnded);
  }

  /** Where alloc {@code allocId}'s files are. */
  Path allocDir(String allocId) {
    return dataDir.resolve("allocs").resolve(allocId);
  }

  Path scratchDir(String allocId) {
    return allocDir(allocId).resolve("scratch");
  }

  Path logFile(String allocId, String execId) {
    return allocDir(allocId).resolve("logs").resolve(execId + ".log");
  }

  /** When a running exec with a timeout must end, kept beside its log so that a restarted node re-arms it. */
  Path deadlineFile(String allocId, String execId) {
    return allocDir(allocId).resolve("logs").resolve(execId + ".deadline");
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, not " + d);
    }
  }
}
