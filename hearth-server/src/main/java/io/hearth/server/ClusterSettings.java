package io.hearth.server;

import io.hearth.core.placement.Placer;
import io.hearth.core.placement.PlacerConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The settings of a node in a cluster: its role, and how lbs and runners find and use each other.
 * Parsed with the rest of {@link ServerConfig}; {@link #SETTINGS} are part of its table.
 *
 * @param grpcPort        runner: the port lbs call (0: a free one)
 * @param runnerAddress   runner: host:port registered for lbs, "" for the listening host and port
 * @param runnerAddresses lb: a fixed list of runners, in order; empty: those registered in the datastore
 * @param placer          lb: the placer's name ({@link Placer#named})
 * @param placement       lb: retry-all delay and placer timeouts
 * @param heartbeat       runner: how often it renews its registration
 * @param runnerTtl       lb: a runner silent this long is left out
 * @param runnerPoll      lb: how often it re-reads runners and asks their status
 * @param drainTimeout    runner: longest a stopping runner waits for its calls to finish
 */
public record ClusterSettings(
    Role role,
    int grpcPort,
    String runnerAddress,
    List<String> runnerAddresses,
    String placer,
    PlacerConfig placement,
    Duration heartbeat,
    Duration runnerTtl,
    Duration runnerPoll,
    Duration drainTimeout) {

  public ClusterSettings {
    Objects.requireNonNull(role, "role");
    runnerAddresses = List.copyOf(runnerAddresses);
  }

  static final List<ServerConfig.Setting> SETTINGS = List.of(
      new ServerConfig.Setting("HEARTH_NODE_TYPE", "FN_NODE_TYPE", "all", "what the node does: all (API, placement "
          + "and containers in one; Fn's full), api (management API), lb (places calls on runners) or runner (runs "
          + "calls for lbs; Fn's pure-runner); `hearth server --role ROLE` sets it too"),
      new ServerConfig.Setting("HEARTH_GRPC_PORT", "FN_GRPC_PORT", "9190", "runner: the gRPC port lbs call (0 picks "
          + "a free one)"),
      new ServerConfig.Setting("HEARTH_RUNNER_ADDRESS", null, "", "runner: host:port lbs reach it at, registered in "
          + "the datastore; empty: HEARTH_HOST and the gRPC port"),
      new ServerConfig.Setting("HEARTH_RUNNER_ADDRESSES", "FN_RUNNER_ADDRESSES", "", "lb: the runners, "
          + "host:port,host:port, in a fixed order; empty: the runners registered in the datastore"),
      new ServerConfig.Setting("HEARTH_PLACER", "FN_PLACER", "ch", "lb: ch (consistent hash: a function's calls go "
          + "where its containers are warm), naive (round robin) or least-loaded (power of two choices)"),
      new ServerConfig.Setting("HEARTH_PLACER_RETRY_DELAY_MSECS", null, "10", "lb: pause after every runner "
          + "refused a call, before trying them all again"),
      new ServerConfig.Setting("HEARTH_PLACER_TIMEOUT_MSECS", null, "30000", "lb: longest a call is placed for "
          + "before 503"),
      new ServerConfig.Setting("HEARTH_DETACHED_PLACER_TIMEOUT_MSECS", null, "10000", "lb: the same for detached "
          + "calls (Fn-Invoke-Type: detached)"),
      new ServerConfig.Setting("HEARTH_RUNNER_HEARTBEAT_MSECS", null, "1000", "runner: how often it renews its "
          + "registration in the datastore"),
      new ServerConfig.Setting("HEARTH_RUNNER_TTL_MSECS", null, "5000", "lb: a registered runner silent this long "
          + "gets no calls"),
      new ServerConfig.Setting("HEARTH_RUNNER_POLL_MSECS", null, "500", "lb: how often it re-reads the runners and "
          + "asks each for its status"),
      new ServerConfig.Setting("HEARTH_DRAIN_TIMEOUT_MSECS", null, "60000", "runner: when stopped, longest it "
          + "waits for its calls to finish (taking no new ones)"));

  static ClusterSettings parse(ServerConfig.Reader r) {
    String placer = r.text("HEARTH_PLACER");
    Placer.named(placer, new SplittableRandom()); // refuses an unknown name now, with the valid ones
    List<String> addresses = Arrays.stream(r.text("HEARTH_RUNNER_ADDRESSES").split(","))
        .map(String::strip).filter(s -> !s.isEmpty()).toList();
    return new ClusterSettings(
        Role.parse(r.text("HEARTH_NODE_TYPE")),
        (int) r.number("HEARTH_GRPC_PORT", 0, 65535),
        r.text("HEARTH_RUNNER_ADDRESS"),
        addresses,
        placer,
        new PlacerConfig(millis(r, "HEARTH_PLACER_RETRY_DELAY_MSECS", 0),
            millis(r, "HEARTH_PLACER_TIMEOUT_MSECS", 0), millis(r, "HEARTH_DETACHED_PLACER_TIMEOUT_MSECS", 0)),
        millis(r, "HEARTH_RUNNER_HEARTBEAT_MSECS", 10),
        millis(r, "HEARTH_RUNNER_TTL_MSECS", 10),
        millis(r, "HEARTH_RUNNER_POLL_MSECS", 10),
        millis(r, "HEARTH_DRAIN_TIMEOUT_MSECS", 0));
  }

  private static Duration millis(ServerConfig.Reader r, String name, long min) {
    return Duration.ofMillis(r.number(name, min, Long.MAX_VALUE));
  }
}
