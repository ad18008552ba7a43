package io.hearth.store.leases;

import java.util.List;
import java.util.Objects;

/**
 * An alloc with its execs, in the order they were made (creation time, then id).
 */
public record AllocRecord(AllocRow alloc, List<ExecRow> execs) {

  public AllocRecord {
    Objects.requireNonNull(alloc, "alloc");
    execs = List.copyOf(execs);
    for (ExecRow e : execs) {
      if (!e.allocId().equals(alloc.id())) {
        throw new IllegalArgumentException("exec " + e.id() + " belongs to " + e.allocId() + ", not " + alloc.id());
      }
    }
  }

  public String id() {
    return alloc.id();
  }
}
