package io.hearth.bench.sim;

import io.hearth.core.slot.SlotKey;
import java.util.Map;

/**
 * One function of a trace.
 *
 * @param id          its name, {@code f000}, {@code f001}, ...
 * @param pattern     how its calls arrive: {@code periodic}, {@code poisson} or {@code bursty}
 * @param memoryMb    its containers' memory
 * @param coldStartMs how long its container takes from launch to listening, in the simulated driver
 */
public record SimFunction(String id, String pattern, int memoryMb, long coldStartMs) {

  /** The slot key the pool sees: the function's id and memory, nothing else varies. */
  SlotKey slot() {
    return new SlotKey(id, "sim/" + id, memoryMb, 0, 600, 30, Map.of(), 0);
  }
}
