package io.hearth.bench.scenario;

import io.hearth.agent.Freezer;
import io.hearth.agent.Freezers;
import io.hearth.bench.floor.DirectContainer;
import io.hearth.bench.load.Call;
import io.hearth.bench.load.Endpoint;
import io.hearth.bench.load.Guard;
import io.hearth.bench.load.Latencies;
import io.hearth.bench.load.LoadResult;
import io.hearth.bench.load.WireConnection;
import io.hearth.bench.node.HearthApi;
import io.hearth.bench.report.SeriesReport;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;

/**
 * Thaw costs. Through Hearth: one client calling after an idle gap longer than the node's freeze
 * grace (the container was frozen and is thawed for the call) against a gap shorter than it (never
 * frozen), interleaved. Directly: a container frozen and thawed by each freezer method (the
 * engine's pause/unpause, the cgroup freezer) and called at once, against the same container
 * called after the same pause without freezing.
 */
final class ThawProbe {
  /** Gap after which the node has frozen the container: its default grace is 50 ms. */
  static final long FROZEN_GAP_MILLIS = 150;
  /** Gap under the grace: the container stays unfrozen. */
  static final long WARM_GAP_MILLIS = 10;
  /** How long a directly frozen container stays frozen before the thaw. */
  private static final long FROZEN_MILLIS = 10;

  private ThawProbe() {}

  /**
   * Samples through Hearth.
   *
   * @param series          {call not frozen, call frozen then thawed}
   * @param pairedMedianUs  median over the pairs (each thawed call and the unfrozen call just before
   *                        it) of their difference: the thaw as the client sees it, less sensitive to
   *                        drift than a difference of medians
   * @param statesWhenIdle  the node's containers by state {@link #FROZEN_GAP_MILLIS} after a call
   */
  record ThroughHearth(List<SeriesReport> series, double pairedMedianUs, Map<String, Integer> statesWhenIdle) {}

  static ThroughHearth throughHearth(Endpoint node, HearthApi api, Call call, int samples) throws IOException {
    return throughHearth(node, api, call, samples, "Hearth: ", "frozen, thawed");
  }

  /** The same, its series named {@code prefix} + "call after ... idle (" + {@code longGap} + ")". */
  static ThroughHearth throughHearth(Endpoint node, HearthApi api, Call call, int samples, String prefix,
      String longGap) throws IOException {
    Histogram warm = LoadResult.histogram();
    Histogram thawed = LoadResult.histogram();
    long[] diffs = new long[samples];
    Map<String, Integer> states;
    Duration limit = Duration.ofMillis(samples * (WARM_GAP_MILLIS + FROZEN_GAP_MILLIS)).plus(OneCall.TIMEOUT);
    try (WireConnection c = WireConnection.open(node); Guard ignored = Guard.abortAfter(c, limit)) {
      call(c, call); // the connection's first call is not a sample
      Latencies.pause(FROZEN_GAP_MILLIS);
      states = api.node().containers();
      for (int i = 0; i < samples; i++) {
        Latencies.pause(WARM_GAP_MILLIS);
        long w = timed(c, call);
        Latencies.pause(FROZEN_GAP_MILLIS);
        long t = timed(c, call);
        Latencies.record(warm, w);
        Latencies.record(thawed, t);
        diffs[i] = t - w;
      }
    }
    Arrays.sort(diffs);
    return new ThroughHearth(List.of(
        SeriesReport.samples(prefix + "call after " + WARM_GAP_MILLIS + " ms idle (not frozen)", SeriesReport.FLOOR,
            warm, 0, null),
        SeriesReport.samples(prefix + "call after " + FROZEN_GAP_MILLIS + " ms idle (" + longGap + ")",
            SeriesReport.HEARTH, thawed, 0, null)), Math.round(diffs[samples / 2] / 100.0) / 10.0, states);
  }

  /**
   * Samples on a direct container with one freezer method: {call never frozen, thaw alone, thaw +
   * call}; or an empty list with the reason in {@code unusable} when the method cannot be used here.
   */
  static List<SeriesReport> direct(DirectContainer container, Freezers.Method method, ToLongFunction<String> pidOf,
      Call call, int samples, List<String> unusable) throws IOException {
    Freezer freezer;
    try {
      freezer = Freezers.choose(method, container.driver(), pidOf, io.hearth.core.time.Clock.system());
    } catch (IllegalStateException e) {
      unusable.add(method + ": " + e.getMessage());
      return List.of();
    }
    String name = method.name().toLowerCase(Locale.ROOT);
    Histogram plain = LoadResult.histogram();
    Histogram thaw = LoadResult.histogram();
    Histogram thawCall = LoadResult.histogram();
    Duration limit = Duration.ofMillis(samples * 2 * FROZEN_MILLIS).plus(OneCall.TIMEOUT);
    try (WireConnection c = WireConnection.open(container.endpoint()); Guard ignored = Guard.abortAfter(c, limit)) {
      call(c, call);
      for (int i = 0; i < samples; i++) {
        Latencies.pause(FROZEN_MILLIS);
        Latencies.record(plain, timed(c, call));
        freezer.freeze(container.id());
        Latencies.pause(FROZEN_MILLIS);
        long t0 = System.nanoTime();
        freezer.thaw(container.id());
        long t1 = System.nanoTime();
        call(c, call);
        long t2 = System.nanoTime();
        Latencies.record(thaw, t1 - t0);
        Latencies.record(thawCall, t2 - t0);
      }
    } finally {
      freezer.thaw(container.id()); // idempotent: never leave a floor container frozen
    }
    List<SeriesReport> out = new ArrayList<>();
    out.add(SeriesReport.samples("direct: call, never frozen", SeriesReport.FLOOR, plain, 0, null));
    out.add(SeriesReport.samples("direct " + name + ": thaw", SeriesReport.FLOOR, thaw, 0, null));
    out.add(SeriesReport.samples("direct " + name + ": thaw + call", SeriesReport.FLOOR, thawCall, 0, null));
    return out;
  }

  /** The node's freeze grace (its default), used by {@link #directAsTheNode}. */
  private static final long GRACE_MILLIS = 50;

  /**
   * The Hearth probe's own pattern on a direct container, without Hearth: a call after
   * {@link #WARM_GAP_MILLIS}; after {@link #FROZEN_GAP_MILLIS}, not frozen (what the idle gap alone
   * costs the client and the container); and after the same gap, frozen at the node's grace and
   * thawed by {@code freezer} just before the call; interleaved. The floor of the Hearth thaw row:
   * {call after the short gap, after the long gap unfrozen, after the long gap frozen and thawed},
   * and the median of paired differences (frozen and thawed minus the short gap just before it), µs.
   */
  record AsTheNode(List<SeriesReport> series, double pairedMedianUs) {}

  static AsTheNode directAsTheNode(DirectContainer container, Freezer freezer, Call call, int samples)
      throws IOException {
    Histogram warm = LoadResult.histogram();
    Histogram idle = LoadResult.histogram();
    Histogram thawed = LoadResult.histogram();
    long[] diffs = new long[samples];
    Duration limit = Duration.ofMillis(samples * (WARM_GAP_MILLIS + 2 * FROZEN_GAP_MILLIS)).plus(OneCall.TIMEOUT);
    try (WireConnection c = WireConnection.open(container.endpoint()); Guard ignored = Guard.abortAfter(c, limit)) {
      call(c, call);
      for (int i = 0; i < samples; i++) {
        Latencies.pause(FROZEN_GAP_MILLIS);
        long u = timed(c, call);
        Latencies.pause(WARM_GAP_MILLIS);
        long w = timed(c, call);
        Latencies.pause(GRACE_MILLIS);
        freezer.freeze(container.id());
        Latencies.pause(FROZEN_GAP_MILLIS - GRACE_MILLIS);
        long t0 = System.nanoTime();
        freezer.thaw(container.id());
        call(c, call);
        long t = System.nanoTime() - t0;
        Latencies.record(idle, u);
        Latencies.record(warm, w);
        Latencies.record(thawed, t);
        diffs[i] = t - w;
      }
    } finally {
      freezer.thaw(container.id());
    }
    Arrays.sort(diffs);
    String name = "direct, as the node: ";
    return new AsTheNode(List.of(
        SeriesReport.samples(name + "call after " + WARM_GAP_MILLIS + " ms idle", SeriesReport.FLOOR, warm, 0, null),
        SeriesReport.samples(name + "call after " + FROZEN_GAP_MILLIS + " ms idle, not frozen", SeriesReport.FLOOR,
            idle, 0, null),
        SeriesReport.samples(name + "call after " + FROZEN_GAP_MILLIS + " ms idle, frozen at " + GRACE_MILLIS
            + " ms, thawed", SeriesReport.FLOOR, thawed, 0, null)), Math.round(diffs[samples / 2] / 100.0) / 10.0);
  }

  private static long timed(WireConnection c, Call call) throws IOException {
    long t0 = System.nanoTime();
    call(c, call);
    return System.nanoTime() - t0;
  }

  private static void call(WireConnection c, Call call) throws IOException {
    int status = c.exchange(call);
    if (status != 200) {
      throw new IOException("thaw probe: status " + status);
    }
  }
}
