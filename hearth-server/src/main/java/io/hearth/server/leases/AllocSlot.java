package io.hearth.server.leases;

import io.hearth.core.ledger.Resources;
import java.util.LinkedHashMap;
import java.util.Map;

/** One alloc's execs, as {@link Execs} keeps them. Guarded by the {@link Execs} monitor. */
final class AllocSlot {
  final Resources resources;
  /** Execs not finished, in the order they were made. */
  final Map<String, RunningExec> running = new LinkedHashMap<>();
  /** Why the alloc ended (no more execs start in it), or null while it lives. */
  String ended;
  boolean measuring;

  AllocSlot(Resources resources) {
    this.resources = resources;
  }

  Resources free() {
    Resources held = Resources.ZERO;
    for (RunningExec e : running.values()) {
      held = held.plus(e.launch.resources());
    }
    return resources.minus(held);
  }
}
