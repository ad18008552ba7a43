package io.hearth.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TraceGeneratorTest {
  static Trace trace;

  @BeforeAll
  static void generate() {
    trace = TraceGenerator.generate(300, 24, 7);
  }

  @Test
  void theSameSeedGivesTheSameTraceAndAnotherSeedAnother() {
    Trace again = TraceGenerator.generate(300, 24, 7);
    assertThat(again.arrivalMs()).isEqualTo(trace.arrivalMs());
    assertThat(again.fn()).isEqualTo(trace.fn());
    assertThat(again.execMs()).isEqualTo(trace.execMs());
    assertThat(again.functions()).isEqualTo(trace.functions());
    assertThat(TraceGenerator.generate(300, 24, 8).arrivalMs()).isNotEqualTo(trace.arrivalMs());
  }

  @Test
  void popularityIsHeavyTailed() {
    int[] calls = new int[trace.functions().size()];
    for (int f : trace.fn()) {
      calls[f]++;
    }
    int[] sorted = calls.clone();
    Arrays.sort(sorted);
    long top = 0;
    for (int i = sorted.length - sorted.length / 10; i < sorted.length; i++) {
      top += sorted[i];
    }
    assertThat((double) top / trace.calls()).as("the busiest 10% of functions take most calls").isGreaterThan(0.6);
    long rare = Arrays.stream(calls).filter(c -> c <= 24).count();
    assertThat(rare).as("many functions are called at most once an hour").isGreaterThan(calls.length / 5);
  }

  @Test
  void functionsLookLikeTheAzureTrace() {
    Set<String> patterns = new HashSet<>();
    for (SimFunction f : trace.functions()) {
      patterns.add(f.pattern());
      assertThat(f.memoryMb()).isIn(128, 256, 512, 1024, 1536);
      assertThat(f.coldStartMs()).isBetween(500L, 2000L);
    }
    assertThat(patterns).containsExactlyInAnyOrder("periodic", "poisson", "bursty");
    long subSecond = Arrays.stream(trace.execMs()).filter(ms -> ms < 1000).count();
    assertThat((double) subSecond / trace.calls()).as("most calls run under a second").isGreaterThan(0.5);
    assertThat(Arrays.stream(trace.execMs()).max().orElseThrow()).isLessThanOrEqualTo(600_000);
  }

  @Test
  void aTimerFiresOncePerPeriodWithSecondsOfJitter() {
    for (int f = 0; f < trace.functions().size(); f++) {
      if (!trace.functions().get(f).pattern().equals("periodic")) {
        continue;
      }
      long previous = -1;
      long minGap = Long.MAX_VALUE;
      long maxGap = 0;
      for (int i = 0; i < trace.calls(); i++) {
        if (trace.fn()[i] == f) {
          if (previous >= 0) {
            minGap = Math.min(minGap, trace.arrivalMs()[i] - previous);
            maxGap = Math.max(maxGap, trace.arrivalMs()[i] - previous);
          }
          previous = trace.arrivalMs()[i];
        }
      }
      assertThat(maxGap - minGap).as("jitter of f%03d", f).isLessThanOrEqualTo(20_000);
    }
  }
}
