package io.hearth.lb;

import io.hearth.store.runners.RunnerRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which registered runners an lb places calls on, decided from the runners table and the time:
 * a runner is <em>live</em> while its last heartbeat is younger than the TTL and it is not
 * draining. Runners that are not live keep their place in the order (as holes) so that the others
 * keep theirs, until they have been silent for {@code forgetAfter}.
 */
final class Membership {
  private Membership() {}

  /** One place in the order: a runner and whether calls may be placed on it. */
  record Slot(String id, String address, boolean live) {}

  /**
   * @param rows the table, in seq order
   */
  static List<Slot> slots(List<RunnerRow> rows, Instant now, Duration ttl, Duration forgetAfter) {
    List<Slot> out = new ArrayList<>(rows.size());
    for (RunnerRow r : rows) {
      Duration silent = Duration.between(r.heartbeatAt(), now);
      if (silent.compareTo(forgetAfter) >= 0) {
        continue;
      }
      out.add(new Slot(r.id(), r.address(), !r.draining() && silent.compareTo(ttl) < 0));
    }
    return out;
  }

  /** A static list: every address is a live runner, named by its address, in the order given. */
  static List<Slot> fixed(List<String> addresses) {
    List<Slot> out = new ArrayList<>();
    for (String a : addresses) {
      RunnerClient.parse(a);
      if (out.stream().noneMatch(s -> s.id().equals(a.strip()))) {
        out.add(new Slot(a.strip(), a.strip(), true));
      }
    }
    return out;
  }
}
