package io.hearth.server;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.hearth.core.placement.Placer;
import io.hearth.core.placement.PlacerConfig;
import io.hearth.protocol.RunnerTls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * @param tls             TLS between lbs and runners (off unless its files are set)
 * @param offersDeadline  api: longest a runner may take to start answering for its offer
 * @param leaseForwardDeadline api: longest a runner may take to start answering an allocs request
 * @param idleStop        runner: stop (exit 0) after holding no active alloc and running nothing this
 *                        long; empty: never
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
    Duration drainTimeout,
    Tls tls,
    Duration offersDeadline,
    Duration leaseForwardDeadline,
    Optional<Duration> idleStop) {

  public ClusterSettings {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(tls, "tls");
    runnerAddresses = List.copyOf(runnerAddresses);
    Objects.requireNonNull(offersDeadline, "offersDeadline");
    Objects.requireNonNull(leaseForwardDeadline, "leaseForwardDeadline");
    Objects.requireNonNull(idleStop, "idleStop");
  }

  /**
   * TLS between lbs and runners, PEM files. A runner serves TLS when it has a certificate and key
   * (then only TLS); with a CA too it requires lbs to present a certificate that CA signed. An lb
   * calls every runner with TLS when it has a CA (the lb's setting decides for all its runners:
   * one cluster is all TLS or all plaintext), presenting its client certificate when it has one.
   * The files are read and checked when the node starts ({@link #serverCredentials},
   * {@link #channelCredentials}).
   */
  public record Tls(Optional<Path> cert, Optional<Path> key, Optional<Path> ca, Optional<Path> clientCert,
      Optional<Path> clientKey) {
    public static final Tls OFF = new Tls(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());

    public Tls {
      if (cert.isPresent() != key.isPresent()) {
        throw new IllegalArgumentException("HEARTH_RUNNER_TLS_CERT and HEARTH_RUNNER_TLS_KEY go together: a runner "
            + "serving TLS needs both its certificate and its key");
      }
      if (clientCert.isPresent() != clientKey.isPresent()) {
        throw new IllegalArgumentException("HEARTH_RUNNER_TLS_CLIENT_CERT and HEARTH_RUNNER_TLS_CLIENT_KEY go "
            + "together: an lb presenting a certificate needs both it and its key");
      }
    }

    /** A runner's credentials; refuses settings that make no sense for a runner. */
    ServerCredentials serverCredentials() {
      if (cert.isEmpty()) {
        if (ca.isPresent()) {
          throw new IllegalArgumentException("HEARTH_RUNNER_TLS_CA is set but this runner serves no TLS: set "
              + "HEARTH_RUNNER_TLS_CERT and HEARTH_RUNNER_TLS_KEY too (with the CA, lbs must present a certificate "
              + "it signed), or unset it");
        }
        return RunnerTls.plaintextServer();
      }
      return RunnerTls.server(new RunnerTls.Pem("HEARTH_RUNNER_TLS_CERT", cert.get()),
          new RunnerTls.Pem("HEARTH_RUNNER_TLS_KEY", key.get()),
          ca.map(p -> new RunnerTls.Pem("HEARTH_RUNNER_TLS_CA", p)));
    }

    /** An lb's credentials for all its runners; refuses settings that make no sense for an lb. */
    ChannelCredentials channelCredentials() {
      if (ca.isEmpty()) {
        if (clientCert.isPresent()) {
          throw new IllegalArgumentException("HEARTH_RUNNER_TLS_CLIENT_CERT is set but HEARTH_RUNNER_TLS_CA is not: "
              + "an lb calls its runners with TLS when it has the CA that signed their certificates");
        }
        return RunnerTls.plaintextClient();
      }
      return RunnerTls.client(new RunnerTls.Pem("HEARTH_RUNNER_TLS_CA", ca.get()),
          clientCert.map(p -> new RunnerTls.Pem("HEARTH_RUNNER_TLS_CLIENT_CERT", p)),
          clientKey.map(p -> new RunnerTls.Pem("HEARTH_RUNNER_TLS_CLIENT_KEY", p)));
    }

    /** Whether a runner with these settings serves TLS. */
    boolean serves() {
      return cert.isPresent();
    }

    /** Whether an lb with these settings calls its runners with TLS. */
    boolean calls() {
      return ca.isPresent();
    }
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
          + "gets no calls; api: it is named unreachable in offers without being asked"),
      new ServerConfig.Setting("HEARTH_RUNNER_POLL_MSECS", null, "500", "lb: how often it re-reads the runners and "
          + "asks each for its status"),
      new ServerConfig.Setting("HEARTH_DRAIN_TIMEOUT_MSECS", null, "60000", "runner: when stopped, longest it "
          + "waits for its calls to finish (taking no new ones)"),
      new ServerConfig.Setting("HEARTH_RUNNER_TLS_CERT", null, "", "runner: its TLS certificate chain (PEM; it must "
          + "name the host lbs call it at); with HEARTH_RUNNER_TLS_KEY the runner serves only TLS; empty: no TLS"),
      new ServerConfig.Setting("HEARTH_RUNNER_TLS_KEY", null, "", "runner: the certificate's private key (PEM, "
          + "unencrypted PKCS#8)"),
      new ServerConfig.Setting("HEARTH_RUNNER_TLS_CA", null, "", "lb: the CA (PEM) that signed the runners' "
          + "certificates; set, the lb calls every runner with TLS. Runner: when set with its certificate, lbs must "
          + "present a certificate this CA signed (mutual TLS)"),
      new ServerConfig.Setting("HEARTH_RUNNER_TLS_CLIENT_CERT", null, "", "lb: its certificate chain (PEM) for "
          + "runners that require one (mutual TLS)"),
      new ServerConfig.Setting("HEARTH_RUNNER_TLS_CLIENT_KEY", null, "", "lb: that certificate's private key (PEM, "
          + "unencrypted PKCS#8)"),
      new ServerConfig.Setting("HEARTH_OFFERS_DEADLINE_MSECS", null, "2000", "api: longest a runner may take to "
          + "answer for its offer in GET /v2/offers (and placement); later ones are listed as unreachable"),
      new ServerConfig.Setting("HEARTH_LEASE_FORWARD_DEADLINE_MSECS", null, "30000", "api: longest a runner may "
          + "take to start answering an allocs request forwarded to it, before 503"),
      new ServerConfig.Setting("HEARTH_IDLE_STOP_SECS", null, "0", "runner: after holding no active alloc and "
          + "running no call for this long, drain and exit 0 (for autoscalers); 0: never"));

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
        millis(r, "HEARTH_DRAIN_TIMEOUT_MSECS", 0),
        new Tls(path(r, "HEARTH_RUNNER_TLS_CERT"), path(r, "HEARTH_RUNNER_TLS_KEY"), path(r, "HEARTH_RUNNER_TLS_CA"),
            path(r, "HEARTH_RUNNER_TLS_CLIENT_CERT"), path(r, "HEARTH_RUNNER_TLS_CLIENT_KEY")),
        millis(r, "HEARTH_OFFERS_DEADLINE_MSECS", 1),
        millis(r, "HEARTH_LEASE_FORWARD_DEADLINE_MSECS", 1),
        idleStop(r.number("HEARTH_IDLE_STOP_SECS", 0, 365L * 24 * 3600)));
  }

  private static Optional<Duration> idleStop(long secs) {
    return secs == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(secs));
  }

  private static Optional<Path> path(ServerConfig.Reader r, String name) {
    String v = r.text(name);
    return v.isEmpty() ? Optional.empty() : Optional.of(Path.of(v));
  }

  private static Duration millis(ServerConfig.Reader r, String name, long min) {
    return Duration.ofMillis(r.number(name, min, Long.MAX_VALUE));
  }
}
