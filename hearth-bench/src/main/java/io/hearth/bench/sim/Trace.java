package io.hearth.bench.sim;

import java.util.List;
import java.util.Objects;

/**
 * An invocation trace: functions and their calls in time order. Call {@code i} of the trace
 * arrives {@code arrivalMs[i]} milliseconds after the start, for function {@code fn[i]} (an index
 * into {@code functions}), and runs {@code execMs[i]} milliseconds once it has a container.
 *
 * @param lengthMs how long the trace lasts; accounting stops there
 */
public record Trace(List<SimFunction> functions, long[] arrivalMs, int[] fn, int[] execMs, long lengthMs) {
  public Trace {
    functions = List.copyOf(functions);
    Objects.requireNonNull(arrivalMs, "arrivalMs");
    if (arrivalMs.length != fn.length || fn.length != execMs.length) {
      throw new IllegalArgumentException("arrival, function and execution arrays differ in length");
    }
    for (int i = 0; i < arrivalMs.length; i++) {
      if ((i > 0 && arrivalMs[i] < arrivalMs[i - 1]) || arrivalMs[i] < 0 || arrivalMs[i] >= lengthMs) {
        throw new IllegalArgumentException("call " + i + " arrives out of order or outside the trace");
      }
      if (fn[i] < 0 || fn[i] >= functions.size() || execMs[i] < 0) {
        throw new IllegalArgumentException("call " + i + " names no function or runs for a negative time");
      }
    }
  }

  public int calls() {
    return arrivalMs.length;
  }
}
