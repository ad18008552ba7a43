package io.hearth.core.lease;

/** The answer to {@link LeaseBook#free}. */
public sealed interface FreeAnswer {

  /** Its grant was released; the caller kills its execs. */
  record Freed(Alloc alloc) implements FreeAnswer {}

  /** It was already reclaimed or freed: nothing was released now. */
  record Gone(Alloc.State state) implements FreeAnswer {}

  /** No such alloc: never made here, or collected after its retention. */
  record Unknown(String id) implements FreeAnswer {}
}
