package io.hearth.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimelineTest {
  final Timeline timeline = new Timeline(new Random(1));
  final Instant now = Instant.parse("2026-12-06T21:00:02Z");

  @Test
  void callsAreCountedInTheBucketOfTheirCompletionWithPercentilesAndCauses() {
    for (int i = 1; i <= 100; i++) {
      timeline.add(now.minusSeconds(1), i * 1000L, i % 10 == 0 ? "timeout" : null, now); // 1..100 ms
    }
    timeline.add(now.minusSeconds(7), 5_000, "error: function failed", now);
    List<Timeline.Point> points = timeline.points(now);
    assertThat(points).hasSize(Timeline.BUCKETS);
    Timeline.Point last = points.getLast();
    assertThat(last.at()).isEqualTo(Instant.parse("2026-12-06T21:00:00Z"));
    assertThat(last.calls()).isEqualTo(100);
    assertThat(last.callsPerSec()).isEqualTo(20.0);
    assertThat(last.errors()).isEqualTo(10);
    assertThat(last.p50Ms()).isEqualTo(50.0);
    assertThat(last.p99Ms()).isEqualTo(99.0);
    Timeline.Point before = points.get(points.size() - 2);
    assertThat(before.calls()).isEqualTo(1);
    assertThat(before.p99Ms()).isEqualTo(5.0);
    assertThat(points.get(0).calls()).isZero();
    assertThat(points.get(0).p50Ms()).isNull();
    assertThat(timeline.errorsByCause(now)).containsExactly(
        java.util.Map.entry("timeout", 10), java.util.Map.entry("error: function failed", 1));
  }

  @Test
  void theWindowIsFifteenMinutesAndOldBucketsAreReusedCleared() {
    timeline.add(now, 1000, "timeout", now);
    Instant later = now.plus(Duration.ofMinutes(15));
    assertThat(timeline.points(later).stream().mapToInt(Timeline.Point::calls).sum()).as("out of the window").isZero();
    assertThat(timeline.errorsByCause(later)).isEmpty();
    timeline.add(later, 2000, null, later); // the same slot, a new bucket
    assertThat(timeline.points(later).getLast().calls()).isEqualTo(1);
    assertThat(timeline.points(later).getLast().errors()).isZero();
    timeline.add(later.minus(Duration.ofMinutes(16)), 1000, null, later); // too old: left out
    assertThat(timeline.points(later).stream().mapToInt(Timeline.Point::calls).sum()).isEqualTo(1);
  }

  @Test
  void pastItsSampleSizeABucketKeepsAUniformSampleForItsPercentiles() {
    int n = Timeline.SAMPLES * 4;
    for (int i = 0; i < n; i++) {
      timeline.add(now, (i % 100 + 1) * 1000L, null, now);
    }
    Timeline.Point p = timeline.points(now).getLast();
    assertThat(p.calls()).isEqualTo(n);
    assertThat(p.p50Ms()).isBetween(40.0, 60.0);
    assertThat(p.p99Ms()).isBetween(95.0, 100.0);
  }

  @Test
  void percentileIsNearestRank() {
    assertThat(Timeline.percentile(new long[] {1, 2, 3, 4}, 0.5)).isEqualTo(2);
    assertThat(Timeline.percentile(new long[] {1, 2, 3, 4}, 0.99)).isEqualTo(4);
    assertThat(Timeline.percentile(new long[] {7}, 0.5)).isEqualTo(7);
    assertThat(Timeline.percentile(new long[0], 0.5)).isZero();
  }
}
