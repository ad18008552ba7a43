package io.hearth.bench.scenario;

import java.time.Duration;

/**
 * How big and long each scenario is. Every load phase is bounded by {@code warmup + duration +
 * callTimeout}; every sample set by its count.
 *
 * @param warmup         unmeasured time before each load phase
 * @param duration       measured time of each load phase
 * @param rounds         floor/Hearth alternations of each comparison (phases interleaved, order
 *                       swapped every round, results merged)
 * @param maxClients     top of the concurrency sweep (1, 2, 4, ... up to it)
 * @param burst          concurrent calls of the cold burst
 * @param burstRounds    bursts, each on a new cold function
 * @param fns            functions of the many-functions scenario
 * @param manyClients    its concurrent clients
 * @param manyMemoryMb   its node's memory cap (HEARTH_MAX_TOTAL_MEMORY_BYTES), MB
 * @param manySeconds    its measured time
 * @param rate           open-loop rate, calls per second
 * @param openConnections open-loop connections (most calls in flight)
 * @param coldSamples    cold calls (and engine cold starts) sampled
 * @param thawSamples    thaw samples of each kind
 * @param payloadBytes   bytes echoed by each call
 * @param callTimeout    longest one call may take before the watchdog cuts it
 * @param placerFns      functions of the placers scenario
 * @param placerCalls    its measured calls per placer
 * @param runnerMemoryMb memory cap of each of its runners (HEARTH_MAX_TOTAL_MEMORY_BYTES), MB
 */
public record Sizes(Duration warmup, Duration duration, int rounds, int maxClients, int burst, int burstRounds,
    int fns, int manyClients, int manyMemoryMb, Duration manySeconds, double rate, int openConnections,
    int coldSamples, int thawSamples, int payloadBytes, Duration callTimeout, int placerFns, int placerCalls,
    int runnerMemoryMb) {

  /** Most clients, connections or concurrent calls of any phase: every container is a JVM on this machine. */
  public static final int MAX_CONCURRENCY = 128;
  /** The placers scenario may start a container per function on every runner: keep that bounded. */
  public static final int MAX_PLACER_FNS = 200;
  public static final int MAX_PLACER_CALLS = 5000;

  public Sizes {
    if (rounds < 1 || rounds > 20 || maxClients < 1 || maxClients > MAX_CONCURRENCY || burst < 1
        || burst > MAX_CONCURRENCY || burstRounds < 1 || burstRounds > 20 || fns < 1 || fns > 2000 || manyClients < 1
        || manyClients > MAX_CONCURRENCY || manyMemoryMb < 128 || coldSamples < 1 || coldSamples > 100
        || thawSamples < 1 || thawSamples > 1000 || payloadBytes < 0 || payloadBytes > 1 << 20
        || openConnections < 1 || openConnections > MAX_CONCURRENCY || !(rate > 0) || rate > 100_000
        || placerFns < 1 || placerFns > MAX_PLACER_FNS || placerCalls < 1 || placerCalls > MAX_PLACER_CALLS
        || runnerMemoryMb < 128) {
      throw new IllegalArgumentException("benchmark sizes out of range (at most " + MAX_CONCURRENCY
          + " clients, connections or burst calls; 2000 functions; 20 rounds; 100 cold samples; 1000 thaw samples; "
          + "100000 calls/s; 1 MiB payload; " + MAX_PLACER_FNS + " placer functions and " + MAX_PLACER_CALLS
          + " placer calls): " + this);
    }
  }

  /** The real run: a few minutes on a 2-core machine. */
  public static Sizes defaults() {
    return new Sizes(Duration.ofSeconds(2), Duration.ofSeconds(5), 2, 64, 16, 3, 200, 8, 2048,
        Duration.ofSeconds(20), 200, 4, 8, 100, 32, Duration.ofSeconds(30), 50, 400, 24 * 128);
  }

  /** CI: a second or so per scenario, tiny loads. */
  public static Sizes smoke() {
    return new Sizes(Duration.ofMillis(200), Duration.ofMillis(500), 1, 2, 2, 1, 4, 2, 256,
        Duration.ofSeconds(2), 50, 2, 1, 3, 32, Duration.ofSeconds(15), 4, 12, 512);
  }
}
