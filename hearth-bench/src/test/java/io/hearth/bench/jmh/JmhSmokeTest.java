package io.hearth.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.TimeValue;

/** The JMH benchmarks still work: each benchmark method once directly, and one very short JMH run in this JVM. */
class JmhSmokeTest {

  @Test
  void everyBenchmarkMethodRuns() throws IOException {
    NodePoolBench pool = new NodePoolBench();
    pool.otherSlots = 10;
    pool.setup();
    assertThat(pool.submitThenFinish()).isNotNull();
    assertThat(pool.submitThenFinish()).isNotNull(); // the container went back idle: again a warm start
    pool.perWarmCall(new Blackhole(
        "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous."));
    SlotKeyBench key = new SlotKeyBench();
    key.setup();
    assertThat(key.slotKeyOf()).isEqualTo(key.key);
    assertThat(key.slotKeyHash()).isEqualTo(key.key.hashCode());
    ResourcesBench res = new ResourcesBench();
    assertThat(res.fits()).isTrue();
    assertThat(res.grantAndRelease()).isEqualTo(res.used);
    assertThat(new IdsBench().next()).hasSize(26);
    HeadersBench headers = new HeadersBench();
    headers.setup();
    assertThat(headers.requestToContainer().contains("Host")).isFalse();
    assertThat(headers.requestToContainer().first("Fn-Call-Id")).isNotNull();
    assertThat(headers.responseToClient().contains("Transfer-Encoding")).isFalse();
    HttpWireBench wire = new HttpWireBench();
    wire.setup();
    for (int i = 0; i < 3; i++) { // heads are read back to back from the same kept-alive input
      assertThat(wire.readResponseHead().status()).isEqualTo(200);
      assertThat(wire.readRequestHead().target()).isEqualTo("/call");
    }
    assertThat(wire.writeRequestHead()).isPositive();
    for (String placer : List.of("ch", "naive", "least-loaded")) {
      PlacementBench placement = new PlacementBench();
      placement.runners = 10;
      placement.placer = placer;
      placement.setup();
      assertThat(placement.propose().available()).as(placer).isTrue();
      assertThat(placement.viewAndPropose().available()).as(placer).isTrue();
    }
  }

  @Test
  void aShortJmhRunInThisJvmProducesAResultAndItsTable() throws Exception {
    JmhMain.Settings s = JmhMain.Settings.parse(List.of(ResourcesBench.class.getName() + ".fits", "--forks", "0",
        "--warmups", "0", "--iterations", "1", "--time", "0.1"), Path.of("unused"));
    Collection<RunResult> results = new Runner(s.options().measurementTime(TimeValue.milliseconds(100)).build()).run();
    assertThat(results).hasSize(1);
    assertThat(results.iterator().next().getPrimaryResult().getScore()).isPositive();
    assertThat(JmhMain.markdown(results, s, "now", "./hearth bench jmh")).contains("| ResourcesBench.fits |", "ns/op");
  }
}
