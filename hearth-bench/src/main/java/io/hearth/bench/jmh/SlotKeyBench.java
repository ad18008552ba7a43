package io.hearth.bench.jmh;

import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.core.slot.SlotKey;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The slot key of a call: the agent makes it from the app and function for every call, and the
 * pool hashes it to find the slot's queue.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SlotKeyBench {
  App app;
  Fn fn;
  SlotKey key;

  @Setup
  public void setup() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    app = new App("01APP0000000000000000000000", "bench", Map.of("A", "1"), Map.of(), "", "GENERIC_X86", t, t);
    fn = new Fn("01FN00000000000000000000000", "echo", app.id(), "hearth/testfn:latest", 128, 30, 30,
        Map.of("B", "2"), Map.of(), "GENERIC_X86", t, t);
    key = SlotKey.of(app, fn);
  }

  @Benchmark
  public SlotKey slotKeyOf() {
    return SlotKey.of(app, fn);
  }

  @Benchmark
  public int slotKeyHash() {
    return SlotKey.of(app, fn).hashCode();
  }
}
