package io.hearth.agent;

import io.hearth.core.call.CallError;
import io.hearth.core.pool.Action;
import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's containers, as the shell carries out the pool's container actions: launching
 * (preparing, then starting on a virtual thread and reporting back), freezing, retiring, removing
 * them all at shutdown. Knows nothing of calls.
 *
 * <p>Threads: both indexes are concurrent maps; each container's own fields follow
 * {@link FunctionContainer}'s rules. Blocking engine work runs on virtual threads.
 */
final class Containers {
  private static final Logger log = LoggerFactory.getLogger(Containers.class);

  private final Map<Long, FunctionContainer> byPoolId = new ConcurrentHashMap<>();
  private final Map<String, FunctionContainer> byEngineId;
  private final ContainerLauncher launcher;
  private final ContainerOps ops;

  Containers(Map<String, FunctionContainer> byEngineId, ContainerLauncher launcher, ContainerOps ops) {
    this.byEngineId = byEngineId;
    this.launcher = launcher;
    this.ops = ops;
  }

  FunctionContainer get(long poolId) {
    return byPoolId.get(poolId);
  }

  /** The container the engine knows as {@code engineId}, or null. */
  FunctionContainer byEngineId(String engineId) {
    return byEngineId.get(engineId);
  }

  /**
   * Starts a container on a virtual thread; {@code ready} or {@code failed} is told on that thread
   * once it listens or could not start (its {@code launchFailure} then says why).
   */
  void launch(long poolId, SlotKey slot, Consumer<FunctionContainer> ready, Consumer<FunctionContainer> failed) {
    FunctionContainer c = launcher.prepare(poolId, slot);
    byPoolId.put(c.poolId, c);
    Thread.ofVirtual().name("hearth-launch-" + c.name).start(() -> {
      try {
        launcher.launch(c);
      } catch (CallFailure f) {
        c.launchFailure = f;
        failed.accept(c);
        return;
      } catch (RuntimeException | Error e) {
        // a bug must not leave the container "starting" forever, holding its memory and its callers
        log.error("launching {} of fn {} failed unexpectedly", c, slot.fnId(), e);
        c.launchFailure = new CallFailure(CallError.ENGINE_FAILED,
            CallError.ENGINE_FAILED.message("the node could not start the container; the server log has the details"));
        failed.accept(c);
        return;
      }
      ready.accept(c);
    });
  }

  void freeze(long poolId) {
    FunctionContainer c = byPoolId.get(poolId);
    if (c != null) {
      Thread.ofVirtual().name("hearth-freeze").start(() -> ops.freeze(c));
    }
  }

  /** Takes a container out of service and removes it in the background. */
  void retire(long poolId, Action.RetireReason reason) {
    FunctionContainer c = byPoolId.remove(poolId);
    if (c == null) {
      return;
    }
    log.debug("retiring {} ({})", c, reason);
    c.abortConnection();
    Thread.ofVirtual().name("hearth-retire-" + c.name).start(() -> ops.remove(c));
  }

  /** Every container, sorted by name. */
  List<ContainerView> views() {
    List<ContainerView> out = new ArrayList<>();
    for (FunctionContainer c : byPoolId.values()) {
      out.add(new ContainerView(c.id, c.name, c.slot.fnId(), !c.busy && c.socket != null, c.calls));
    }
    out.sort(Comparator.comparing(ContainerView::name));
    return out;
  }

  /** Removes every container, waiting up to {@code each} for each. */
  void removeAll(Duration each) {
    List<FunctionContainer> all = List.copyOf(byPoolId.values());
    byPoolId.clear();
    ops.removeAll(all, each);
  }
}
