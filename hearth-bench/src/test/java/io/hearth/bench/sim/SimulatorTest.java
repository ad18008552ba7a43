package io.hearth.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.pool.KeepAliveChoice;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tiny traces whose cold starts and memory-time are counted by hand. Virtual time: the numbers are
 * exact. Every container here takes 1 s to start and every call runs 1 s.
 */
class SimulatorTest {
  static final long S = 1000;
  static final SimFunction F0 = new SimFunction("f000", "poisson", 128, 1000);
  static final SimFunction F1 = new SimFunction("f001", "poisson", 128, 1000);

  static Trace trace(List<SimFunction> fns, long lengthMs, int[] fn, long... arrivalMs) {
    int[] exec = new int[arrivalMs.length];
    java.util.Arrays.fill(exec, 1000);
    return new Trace(fns, arrivalMs, fn, exec, lengthMs);
  }

  @Test
  void fixedTenMinutesColdAfterTheWindowAndWarmWithin() {
    // Calls at 0, 5 min, 20 min, 21 min; the trace ends at 30 min.
    Trace t = trace(List.of(F0), 1800 * S, new int[] {0, 0, 0, 0}, 0, 300 * S, 1200 * S, 1260 * S);
    SimResult r = Simulator.run(t, KeepAliveChoice.of("fixed"), 1024);
    // 0: cold (ready 1 s, done 2 s). 300 s: warm, idle from 301 s, expires at 901 s.
    // 1200 s: cold (ready 1201 s, done 1202 s). 1260 s: warm, idle from 1261 s to the end.
    assertThat(r.coldStarts()).isEqualTo(2);
    assertThat(r.coldFraction()).isEqualTo(0.5);
    assertThat(r.launches()).isEqualTo(2);
    assertThat(r.prewarms()).isZero();
    assertThat(r.evictions()).isZero();
    assertThat(r.coldWaitSeconds()).isEqualTo(2.0);
    // Idle: 2→300, 301→901, 1202→1260, 1261→1800 = 298 + 600 + 58 + 539 = 1495 s, of 128 MB.
    assertThat(r.wastedMbSeconds()).isEqualTo(1495.0 * 128);
    assertThat(r.busyMbSeconds()).isEqualTo(4.0 * 128);
    assertThat(r.startingMbSeconds()).isEqualTo(2.0 * 128);
    assertThat(r.meanFunctionCold()).isEqualTo(0.5);
  }

  @Test
  void greedyDualOnANodeForOneContainerEvictsAtEveryOtherFunctionsCall() {
    // f0 at 0 s and 20 s, f1 at 10 s and 30 s; room for one 128 MB container; the trace ends at 60 s.
    Trace t = trace(List.of(F0, F1), 60 * S, new int[] {0, 1, 0, 1}, 0, 10 * S, 20 * S, 30 * S);
    SimResult r = Simulator.run(t, KeepAliveChoice.of("greedy-dual"), 128);
    assertThat(r.coldStarts()).isEqualTo(4);
    assertThat(r.evictions()).isEqualTo(3);
    assertThat(r.refused()).isZero();
    // Idle until the next call evicts it: 2→10, 12→20, 22→30, then 32→60 = 8 + 8 + 8 + 28 s.
    assertThat(r.wastedMbSeconds()).isEqualTo(52.0 * 128);
  }

  @Test
  void theHistogramPolicyLearnsATimerThenUnloadsAndPrewarmsIt() {
    // Every 10 minutes for 2 hours: calls at 0, 600 s, ..., 6600 s.
    long[] at = new long[12];
    for (int i = 0; i < at.length; i++) {
      at[i] = i * 600 * S;
    }
    Trace t = trace(List.of(F0), 7200 * S, new int[12], at);
    SimResult r = Simulator.run(t, KeepAliveChoice.of("histogram"), 1024);
    // The first call is cold; the container then stays (fallback) until the sixth call (3000 s) makes
    // the histogram representative: from then on each container retires when idle (3001 s) and a new
    // one starts 9 minutes later (3541 s, ready 3542 s), in time for the next call.
    assertThat(r.coldStarts()).isEqualTo(1);
    assertThat(r.prewarms()).isEqualTo(7);
    assertThat(r.launches()).isEqualTo(8);
    // Idle: 2→600 and four times 599 s until 3000 s = 2994 s; seven unused starts of 1 s; six
    // prewarmed containers idle 58 s before their call, the last one 58 s until the end.
    assertThat(r.wastedMbSeconds()).isEqualTo((2994.0 + 7 + 6 * 58 + 58) * 128);
  }
}
