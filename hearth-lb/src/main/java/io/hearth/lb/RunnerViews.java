package io.hearth.lb;

import io.hearth.core.placement.RunnerView;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The view an lb hands its placer for one call, in O(1): the runners' views as {@link RunnerPool}
 * last built them (membership, availability and reported status change only when its refresher or
 * a failed attempt rebuilds them, a few times a second at most), read through as they are, except
 * that a runner's active calls are the larger of what it last reported and this lb's calls in
 * flight on it right now — so least-loaded sees the lb's own calls between status polls, without
 * a per-call copy of every runner's view. Only the runners the placer looks at are read (one for
 * consistent hashing, two for least-loaded), and a view is made only for one whose in-flight count
 * is above its report.
 *
 * <p>Unmodifiable and safe to share between threads; a runner's active calls may differ between two
 * reads of the same position (both are true at the time they are read).
 */
public final class RunnerViews extends AbstractList<RunnerView> implements RandomAccess {
  private static final RunnerViews EMPTY = new RunnerViews(new RunnerView[0], new AtomicInteger[0]);

  private final RunnerView[] reported;
  private final AtomicInteger[] inflight;

  private RunnerViews(RunnerView[] reported, AtomicInteger[] inflight) {
    this.reported = reported;
    this.inflight = inflight;
  }

  /** No runners. */
  public static RunnerViews empty() {
    return EMPTY;
  }

  /**
   * @param reported the runners' views in their stable order, as last reported
   * @param inflight this lb's count of calls in flight on each, position by position
   */
  public static RunnerViews of(List<RunnerView> reported, List<AtomicInteger> inflight) {
    if (reported.size() != inflight.size()) {
      throw new IllegalArgumentException(reported.size() + " views but " + inflight.size() + " in-flight counts");
    }
    return new RunnerViews(reported.toArray(RunnerView[]::new), inflight.toArray(AtomicInteger[]::new));
  }

  @Override
  public RunnerView get(int index) {
    RunnerView r = reported[index];
    int mine = inflight[index].get();
    if (mine <= r.activeCalls()) {
      return r;
    }
    return new RunnerView(r.id(), r.available(), mine, r.capacity(), r.used());
  }

  @Override
  public int size() {
    return reported.length;
  }
}
