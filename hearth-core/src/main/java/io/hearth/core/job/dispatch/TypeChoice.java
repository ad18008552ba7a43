package io.hearth.core.job.dispatch;

import java.util.List;

/** The answer to {@link TypeChooser#choose}: the types a job may run on, or why none can hold it. */
public sealed interface TypeChoice {
  /** The message a job no type can hold is cancelled with (runtime_status.error). */
  String UNSATISFIABLE = "constraints not satisfiable by any configured instance type";

  /**
   * @param types the eligible types, cheapest first: the cheapest fit and every fit up to the price
   *              factor times its price; never empty
   */
  record Eligible(List<InstanceType> types) implements TypeChoice {
    public Eligible {
      types = List.copyOf(types);
      if (types.isEmpty()) {
        throw new IllegalArgumentException("an eligible choice names at least one type");
      }
    }

    public InstanceType cheapest() {
      return types.getFirst();
    }
  }

  /** @param message {@link #UNSATISFIABLE} */
  record Unsatisfiable(String message) implements TypeChoice {}
}
