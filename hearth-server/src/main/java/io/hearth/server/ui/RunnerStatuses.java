package io.hearth.server.ui;

import io.grpc.ChannelCredentials;
import io.hearth.core.status.NodeStatus;
import io.hearth.core.time.Clock;
import io.hearth.lb.RunnerClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An api node's view of the containers its cluster runs: each registered runner's status (the
 * runner protocol's status call, as an lb asks it), summed — warm containers (the protocol names
 * them per function, not by state) and calls running. Asked by the overview's {@code stats} (every 2 s while someone watches); a sum
 * younger than {@link #FRESH} is reused. A runner that does not answer within the timeout is left
 * out of that sum. One client per runner address, kept while the runner is registered.
 *
 * <p>State: {@code clients} is concurrent; {@code last} is guarded by {@code this}.
 */
final class RunnerStatuses implements AutoCloseable {
  static final Duration FRESH = Duration.ofSeconds(1);

  /** What the runners that answered run (warm containers, calls running), of how many were asked. */
  record Sum(Map<String, Integer> containers, int activeCalls, int answered, int asked, Instant at) {}

  private final Supplier<List<String>> addresses;
  private final ChannelCredentials credentials;
  private final Duration timeout;
  private final Clock clock;
  private final Map<String, RunnerClient> clients = new ConcurrentHashMap<>();
  private Sum last;

  RunnerStatuses(Supplier<List<String>> addresses, ChannelCredentials credentials, Duration timeout, Clock clock) {
    this.addresses = addresses;
    this.credentials = credentials;
    this.timeout = timeout;
    this.clock = clock;
  }

  synchronized Sum sum() {
    Instant now = clock.instant();
    if (last != null && last.at().plus(FRESH).isAfter(now)) {
      return last;
    }
    List<String> asked = addresses.get();
    Set<String> listed = new HashSet<>(asked);
    clients.keySet().stream().filter(a -> !listed.contains(a)).toList().forEach(a -> clients.remove(a).close());
    List<Future<NodeStatus>> pending = new ArrayList<>();
    try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (String a : asked) {
        RunnerClient c = clients.computeIfAbsent(a, x -> new RunnerClient(x, credentials));
        pending.add(threads.submit(() -> c.status(timeout)));
      }
      // the runner protocol's status names warm containers per function, not containers by state
      Map<String, Integer> containers = new TreeMap<>(Map.of("warm", 0));
      int active = 0;
      int answered = 0;
      for (Future<NodeStatus> f : pending) {
        try {
          NodeStatus s = f.get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
          s.warmByFn().values().forEach(v -> containers.merge("warm", v, Integer::sum));
          active += s.activeCalls();
          answered++;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        } catch (Exception e) {
          f.cancel(true); // silent or gone: left out of this sum
        }
      }
      last = new Sum(containers, active, answered, asked.size(), now);
      return last;
    }
  }

  @Override
  public void close() {
    clients.values().forEach(RunnerClient::close);
    clients.clear();
  }
}
