package io.hearth.bench.jmh;

import io.hearth.core.pool.Action;
import io.hearth.core.pool.KeepAlivePolicy;
import io.hearth.core.pool.LruEviction;
import io.hearth.core.pool.NodePool;
import io.hearth.core.pool.FreezePolicy;
import io.hearth.core.pool.PoolConfig;
import io.hearth.core.ledger.Resources;
import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The warm path through the node pool: a call arrives and takes the idle container of its slot
 * ({@code submit} → Assign), then the call ends and the container goes idle again ({@code
 * finished}); with other slots holding idle containers (the pool's bookkeeping grows with them).
 * The agent runs both under its lock for every call, and builds the call's slot key first. Freeze
 * grace as the node's default (50 ms); the clock does not move, so nothing freezes or expires.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NodePoolBench {
  private static final long GIB = 1024L * 1024 * 1024;

  /** Slots of other functions, each with one idle container. */
  @Param({"0", "100", "1000"})
  public int otherSlots;

  NodePool pool;
  SlotKey slot;
  Instant now = Instant.parse("2026-01-01T00:00:00Z");
  long call;

  @Setup
  public void setup() {
    pool = new NodePool(new PoolConfig(new Resources(4096 * GIB, 0), FreezePolicy.after(Duration.ofMillis(50)),
        Duration.ofSeconds(30),
        false), new LruEviction(), KeepAlivePolicy.fixedPerFunction());
    for (int i = 0; i < otherSlots; i++) {
      warmOne(slot("other-" + i));
    }
    slot = slot("bench");
    warmOne(slot);
  }

  /** Starts one container of the slot and leaves it idle. */
  private void warmOne(SlotKey key) {
    Action.Launch launch = (Action.Launch) pool.submit(++call, key, now).getFirst();
    pool.ready(launch.container(), now);
    pool.finished(launch.container(), true, now);
  }

  static SlotKey slot(String fnId) {
    Map<String, String> env = new TreeMap<>();
    env.put("FN_APP_ID", "01APP0000000000000000000000");
    env.put("FN_APP_NAME", "bench");
    env.put("FN_FN_ID", fnId);
    env.put("FN_FN_NAME", fnId);
    env.put("FN_FORMAT", "http-stream");
    env.put("FN_LISTENER", "unix:/tmp/iofs/lsnr.sock");
    env.put("FN_MEMORY", "128");
    env.put("FN_TYPE", "sync");
    return new SlotKey(fnId, "hearth/testfn:latest", 128, 0, 30, 30, env, 0);
  }

  /** Slot acquire and release: submit takes the idle container, finished returns it. */
  @Benchmark
  public List<Action> submitThenFinish() {
    Action.Assign a = (Action.Assign) pool.submit(++call, slot, now).getFirst();
    return pool.finished(a.container(), true, now);
  }

  /**
   * All the agent does with the pool for one warm call, under its lock: submit, then the timer's
   * rearm asks for the next deadline (Agent.apply → PoolTimer.rearm), finished, and again.
   */
  @Benchmark
  public void perWarmCall(Blackhole bh) {
    Action.Assign a = (Action.Assign) pool.submit(++call, slot, now).getFirst();
    bh.consume(pool.nextDeadline());
    bh.consume(pool.finished(a.container(), true, now));
    bh.consume(pool.nextDeadline());
  }
}
