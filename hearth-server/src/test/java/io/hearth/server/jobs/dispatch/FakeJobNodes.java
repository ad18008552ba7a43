package io.hearth.server.jobs.dispatch;

import io.hearth.client.Alloc;
import io.hearth.client.ApiException;
import io.hearth.client.Exec;
import io.hearth.client.ExecRequest;
import io.hearth.client.Granted;
import io.hearth.core.job.dispatch.NodeOffer;
import io.hearth.core.ledger.Resources;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Nodes in memory for the dispatcher's unit tests: allocs on nodes of given capacities, execs that
 * run until the test ends them, and the faults a test asks for (a start that fails, a take that
 * fails, an alloc that vanishes). Counts the containers that ran per job and attempt, so a test can
 * tell an attempt's container was started once. Thread-safe (its monitor guards everything).
 */
final class FakeJobNodes implements JobNodes {
  private final InstantSource clock;
  private final Map<String, NodeOffer> nodes = new LinkedHashMap<>();
  private final Map<String, Alloc> allocs = new LinkedHashMap<>();
  private final Map<String, Exec> execs = new HashMap<>();
  private final Map<String, Integer> starts = new HashMap<>();
  private int seq;
  boolean failNextExecStart;
  boolean failNextTake;
  /** The next exec's container starts but its answer is lost (a node that died or went silent then). */
  boolean loseNextExecAnswer;
  /** While set, every call about an alloc fails as an unreachable node does (503). */
  boolean silent;
  byte[] outputTar = new byte[] {1, 2, 3};

  FakeJobNodes(InstantSource clock) {
    this.clock = clock;
  }

  synchronized FakeJobNodes node(String id, String type, Resources capacity) {
    nodes.put(id, new NodeOffer(id, type, capacity, capacity));
    return this;
  }

  @Override
  public synchronized Look look() {
    List<NodeOffer> offers = new ArrayList<>();
    for (NodeOffer n : nodes.values()) {
      Resources used = Resources.ZERO;
      for (Alloc a : allocs.values()) {
        if (a.nodeId().equals(n.nodeId()) && !a.state().ended()) {
          used = used.plus(a.resources());
        }
      }
      offers.add(new NodeOffer(n.nodeId(), n.instanceType(), n.capacity(), n.capacity().minus(used)));
    }
    return new Look(offers, true);
  }

  @Override
  public synchronized Alloc take(String nodeId, Resources request, String owner, Map<String, String> labels,
      Duration keepalive) {
    if (failNextTake) {
      failNextTake = false;
      throw new ApiException(503, "no room on " + nodeId + " (a fault the test asked for)");
    }
    Alloc a = new Alloc(nodeId + ".a" + (++seq), nodeId, request, owner, labels, Alloc.State.ACTIVE, clock.instant(),
        clock.instant(), clock.instant().plus(keepalive), Optional.empty(), List.of());
    allocs.put(a.id(), a);
    return a;
  }

  @Override
  public synchronized Granted keepalive(String allocId, Duration interval) {
    unreachable();
    Alloc a = live(allocId);
    allocs.put(allocId, new Alloc(a.id(), a.nodeId(), a.resources(), a.owner(), a.labels(), a.state(), a.createdAt(),
        clock.instant(), clock.instant().plus(interval), a.endedAt(), a.execs()));
    return new Granted(interval, clock.instant().plus(interval));
  }

  @Override
  public synchronized Exec exec(String allocId, ExecRequest request) {
    Alloc a = live(allocId);
    String key = request.labels().get(JobViews.JOB_LABEL) + "#" + request.labels().get(JobViews.ATTEMPT_LABEL);
    Exec e = new Exec(allocId + ".x" + (++seq), allocId, request.image(), request.cmd(), List.of(), a.resources(),
        request.labels(), Exec.State.RUNNING, OptionalInt.empty(), false, Optional.of(clock.instant()),
        Optional.of(clock.instant()), Optional.empty(), Optional.empty());
    if (failNextExecStart) {
      failNextExecStart = false;
      e = ended(e, Exec.State.FAILED, OptionalInt.empty(), "cannot start: a fault the test asked for");
    } else {
      starts.merge(key, 1, Integer::sum); // its container ran
    }
    execs.put(e.id(), e);
    allocs.put(allocId, withExecs(a, List.of(e)));
    if (loseNextExecAnswer) {
      loseNextExecAnswer = false;
      silent = true;
      throw new ApiException(503, "runner of " + allocId + " is unreachable (a fault the test asked for)");
    }
    return e;
  }

  /** The execs running now of a job's attempt. */
  synchronized long runningContainers(String jobId) {
    return execs.values().stream().filter(e -> jobId.equals(e.labels().get(JobViews.JOB_LABEL))
        && !e.state().finished()).count();
  }

  @Override
  public synchronized Exec getExec(String allocId, String execId) {
    unreachable();
    live(allocId);
    Exec e = execs.get(execId);
    if (e == null) {
      throw new ApiException(404, "no exec " + execId);
    }
    return e;
  }

  @Override
  public synchronized void free(String allocId) {
    unreachable();
    Alloc a = allocs.get(allocId);
    if (a == null || a.state().ended()) {
      return;
    }
    for (Exec e : a.execs()) {
      Exec now = execs.get(e.id());
      if (!now.state().finished()) {
        execs.put(e.id(), ended(now, Exec.State.KILLED, OptionalInt.empty(), "the alloc was freed"));
      }
    }
    allocs.put(allocId, new Alloc(a.id(), a.nodeId(), a.resources(), a.owner(), a.labels(), Alloc.State.FREED,
        a.createdAt(), a.lastKeepaliveAt(), a.expiresAt(), Optional.of(clock.instant()), a.execs()));
  }

  @Override
  public synchronized byte[] log(String allocId, String execId, int maxBytes) {
    return ("log of " + execId + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public synchronized Output output(String allocId, String path, long maxBytes) {
    return outputTar.length > maxBytes ? new Output.TooBig(outputTar.length + " bytes, over " + maxBytes)
        : new Output.Tar(outputTar);
  }

  @Override
  public synchronized Allocs allocs() {
    List<Alloc> live = new ArrayList<>();
    for (Alloc a : allocs.values()) {
      if (!a.state().ended()) {
        live.add(withExecs(a, a.execs().stream().map(e -> execs.get(e.id())).toList()));
      }
    }
    return new Allocs(live, true);
  }

  /** The exec ends with {@code code}, as its container exiting. */
  synchronized void exit(String execId, int code) {
    execs.put(execId, ended(execs.get(execId), code == 0 ? Exec.State.SUCCEEDED : Exec.State.FAILED,
        OptionalInt.of(code), null));
  }

  /** The alloc vanishes, as on a node that was lost (404 for everything about it). */
  synchronized void vanish(String allocId) {
    allocs.remove(allocId);
  }

  /** Containers that ran (a failed start's never did) for attempt {@code attempt} of {@code jobId}. */
  private void unreachable() {
    if (silent) {
      throw new ApiException(503, "the node is unreachable (a fault the test asked for)");
    }
  }

  synchronized int starts(String jobId, int attempt) {
    return starts.getOrDefault(jobId + "#" + attempt, 0);
  }

  synchronized Alloc alloc(String id) {
    return allocs.get(id);
  }

  synchronized Exec execOf(String allocId) {
    return execs.get(allocs.get(allocId).execs().getLast().id());
  }

  /** Allocs not freed. */
  synchronized List<String> live() {
    return allocs.values().stream().filter(a -> !a.state().ended()).map(Alloc::id).toList();
  }

  /** An alloc and exec left by an earlier dispatcher, as a node would list them after a restart. */
  synchronized Exec leftBehind(String nodeId, Resources r, String owner, Map<String, String> labels) {
    Alloc a = take(nodeId, r, owner, labels, Duration.ofMinutes(1));
    return exec(a.id(), new ExecRequest("img", List.of(), Map.of(), Optional.empty(), Optional.empty(), labels));
  }

  private Alloc live(String allocId) {
    Alloc a = allocs.get(allocId);
    if (a == null) {
      throw new ApiException(404, "no alloc " + allocId);
    }
    if (a.state().ended()) {
      throw new ApiException(410, "alloc " + allocId + " was " + a.state().wire());
    }
    return a;
  }

  private Exec ended(Exec e, Exec.State state, OptionalInt code, String error) {
    return new Exec(e.id(), e.allocId(), e.image(), e.cmd(), e.envNames(), e.resources(), e.labels(), state, code,
        false, e.createdAt(), e.startedAt(), Optional.of(clock.instant()), Optional.ofNullable(error));
  }

  private static Alloc withExecs(Alloc a, List<Exec> execs) {
    return new Alloc(a.id(), a.nodeId(), a.resources(), a.owner(), a.labels(), a.state(), a.createdAt(),
        a.lastKeepaliveAt(), a.expiresAt(), a.endedAt(), execs);
  }
}
