package io.hearth.core.placement;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Round robin: each call starts one position after the previous call's start (the first from a
 * random position, so that several lbs do not move in step), then walks on in order. Ignores the
 * key, so a function's containers end up on every runner.
 *
 * <p>Thread-safe: the rotation is one atomic counter.
 */
final class NaivePlacer implements Placer {
  private final AtomicLong next;

  NaivePlacer(long randomStart) {
    this.next = new AtomicLong(randomStart & Long.MAX_VALUE);
  }

  @Override
  public Walk walk(long key, List<RunnerView> runners) {
    int n = runners.size();
    int start = n == 0 ? 0 : (int) Long.remainderUnsigned(next.getAndIncrement(), n);
    return new ConsistentHashPlacer.Ring(runners, start);
  }
}
