package io.hearth.server.leases;

import io.hearth.core.lease.Alloc;
import io.hearth.core.lease.CreateAnswer;
import io.hearth.core.lease.ExecRunner;
import io.hearth.core.lease.LeaseBook;
import io.hearth.store.leases.AllocRecord;
import io.hearth.store.leases.AllocRow;
import io.hearth.store.leases.AllocState;
import io.hearth.store.leases.ExecRow;
import io.hearth.store.leases.ExecState;
import io.hearth.store.leases.LeaseStore;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a restarted node does before it serves leases: takes back into its book the live allocs the
 * store has for it (their leases running on from their stored keepalive and expiry), follows again
 * the execs whose containers the engine still has, fails those whose containers are gone, and kills
 * and removes exec containers whose alloc is not live. Runs once, on the starting thread.
 */
final class Readoption {
  private static final Logger log = LoggerFactory.getLogger(Readoption.class);

  private final String nodeId;
  private final LeaseBook book;
  private final LeaseStore store;
  private final ExecRunner runner;
  private final Execs execs;
  private final Executor background;

  Readoption(String nodeId, LeaseBook book, LeaseStore store, ExecRunner runner, Execs execs, Executor background) {
    this.nodeId = nodeId;
    this.book = book;
    this.store = store;
    this.runner = runner;
    this.execs = execs;
    this.background = background;
  }

  /** @param markedExpired where to note the adopted allocs the store has as expired already */
  void run(Instant now, Set<String> markedExpired) {
    Map<String, ExecRunner.ExecContainer> containers = new HashMap<>();
    for (ExecRunner.ExecContainer c : runner.list()) {
      containers.put(c.execId(), c);
    }
    Set<String> live = new HashSet<>();
    int adopted = 0;
    for (AllocRecord r : store.liveOnNode(nodeId)) {
      AllocRow row = r.alloc();
      Alloc stored = new Alloc(row.id(), row.owner(), row.labels(), ResourceNames.fromWire(row.resources()),
          Alloc.State.ACTIVE, row.createdAt(), row.lastKeepaliveAt(), row.expiresAt(), Optional.empty());
      switch (book.adopt(stored, now)) {
        case CreateAnswer.Created c -> {
          try {
            execs.adopt(c.alloc(), r.execs(), containers);
          } catch (IOException e) {
            log.warn("alloc {} was re-adopted but its directories could not be made", row.id(), e);
          }
          if (row.state() == AllocState.EXPIRED) {
            markedExpired.add(row.id());
          }
          live.add(row.id());
          adopted++;
        }
        case CreateAnswer.NoFit nf -> unheld(r, nf, now);
      }
    }
    for (ExecRunner.ExecContainer c : containers.values()) {
      if (!live.contains(c.allocId())) {
        background.execute(() -> {
          runner.kill(c.containerId(), "its alloc " + c.allocId() + " is not live after the node restarted");
          runner.remove(c.containerId());
        });
      }
    }
    if (adopted > 0 || !containers.isEmpty()) {
      log.info("re-adopted {} live alloc(s) of node {}; the engine had {} exec container(s)", adopted, nodeId,
          containers.size());
    }
  }

  /** An alloc the ledger cannot hold again (which should not happen: the earlier run held it): recorded ended. */
  private void unheld(AllocRecord r, CreateAnswer.NoFit nf, Instant now) {
    String id = r.id();
    StringBuilder lacks = new StringBuilder();
    nf.shortfalls().forEach(f -> lacks.append(lacks.isEmpty() ? "" : ", ").append(ResourceNames.wireName(f.resource()))
        .append(" short by ").append(f.amount()));
    log.error("alloc {} cannot be held again after the restart: the node's ledger has {} (did its capacity "
        + "shrink?); recording it reclaimed (freed, when its lease still runs) and killing its execs", id, lacks);
    if (!store.end(id, AllocState.RECLAIMED, now) && !store.end(id, AllocState.FREED, now)) {
      log.warn("the store did not take the end of alloc {}", id);
    }
    for (ExecRow x : r.execs()) {
      if (!x.state().finished()) {
        store.updateExec(x.finished(ExecState.KILLED, null, false,
            "its alloc " + id + " could not be held again after the node restarted", now));
      }
    }
  }
}
