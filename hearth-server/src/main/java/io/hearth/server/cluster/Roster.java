package io.hearth.server.cluster;

import io.hearth.store.runners.RunnerRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The registered runners as the api node sees them now, decided from the runners table and the
 * time: <em>live</em> runners (a heartbeat younger than the TTL, not draining) are asked for offers;
 * <em>silent</em> ones (no heartbeat within the TTL, not draining) are named unreachable without
 * being asked; draining ones take no new allocs and are left out of offers. Every registered
 * runner, draining or silent too, is routed to by the node id in an alloc id.
 *
 * @param rows   every registered runner, in seq order
 * @param live   those to ask for offers
 * @param silent those named unreachable without asking, with how long they have been silent
 */
record Roster(List<RunnerRow> rows, List<RunnerRow> live, List<Silent> silent) {

  record Silent(RunnerRow runner, Duration silentFor) {}

  Roster {
    rows = List.copyOf(rows);
    live = List.copyOf(live);
    silent = List.copyOf(silent);
  }

  static Roster of(List<RunnerRow> rows, Instant now, Duration ttl) {
    List<RunnerRow> live = new ArrayList<>();
    List<Silent> silent = new ArrayList<>();
    for (RunnerRow r : rows) {
      if (r.draining()) {
        continue;
      }
      Duration quiet = Duration.between(r.heartbeatAt(), now);
      if (quiet.compareTo(ttl) < 0) {
        live.add(r);
      } else {
        silent.add(new Silent(r, quiet));
      }
    }
    return new Roster(rows, live, silent);
  }

  /**
   * The runner an id names: an alloc id {@code <node id>.<id>} or an offer id {@code <node
   * id>.<gen>}. The longest registered node id that, with a dot, prefixes it (node ids may hold
   * dots themselves).
   */
  Optional<RunnerRow> owner(String id) {
    RunnerRow best = null;
    for (RunnerRow r : rows) {
      if (id.startsWith(r.id() + ".") && id.length() > r.id().length() + 1
          && (best == null || r.id().length() > best.id().length())) {
        best = r;
      }
    }
    return Optional.ofNullable(best);
  }

  /** The node id an id names, whether or not it is registered: what comes before its last dot. */
  static String namedNode(String id) {
    int dot = id.lastIndexOf('.');
    return dot <= 0 ? id : id.substring(0, dot);
  }
}
