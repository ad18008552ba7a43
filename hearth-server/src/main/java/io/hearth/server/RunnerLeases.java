package io.hearth.server;

import io.hearth.agent.Agent;
import io.hearth.agent.AgentConfig;
import io.hearth.agent.exec.DockerExecRunner;
import io.hearth.agent.exec.ExecSettings;
import io.hearth.core.driver.ContainerDriver;
import io.hearth.core.id.Ids;
import io.hearth.core.time.Clock;
import io.hearth.core.time.TimerThread;
import io.hearth.protocol.LeaseExchange;
import io.hearth.runner.RunnerService;
import io.hearth.server.leases.LeaseSettings;
import io.hearth.server.leases.LocalLeases;
import io.hearth.server.leases.NodeLeases;
import io.hearth.store.Database;
import io.hearth.store.leases.JdbcLeaseStore;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * A runner's leases: its {@link NodeLeases} (its {@link LocalLeases} on the node's ledger, writing
 * through to the datastore it shares with the api nodes) and the allocs API handler over them that
 * its {@link RunnerService} serves to api nodes ({@code hearth.runner.Runner/Leases}).
 *
 * @param leases  the node's leases; empty on a runner that holds none
 * @param handler what the runner answers forwarded allocs API requests with
 * @param execs   the exec runner to close after the leases, if any
 */
record RunnerLeases(Optional<NodeLeases> leases, LeaseExchange.Handler handler, Optional<AutoCloseable> execs)
    implements AutoCloseable {

  /** A runner that holds no leases (no datastore): it answers every allocs request 404. */
  static final RunnerLeases NONE = new RunnerLeases(Optional.empty(), RunnerService.NO_LEASES, Optional.empty());

  /**
   * The one place a runner's leases are wired (issue 11): LocalLeases over the agent's ledger (the
   * pool asks it to reclaim expired allocs; it asks the pool to evict idle containers), execs on the
   * node's engine, the lease store in the shared datastore. The runner does not delete ended rows:
   * the api nodes' LeaseJanitor does, for every runner.
   */
  static RunnerLeases start(ServerConfig config, AgentConfig agentConfig, String nodeId, Agent agent,
      ContainerDriver driver, Database db, Clock clock, TimerThread timer) {
    DockerExecRunner execs = new DockerExecRunner(ExecSettings.from(agentConfig), driver, clock, timer);
    LocalLeases leases;
    try {
      leases = LocalLeases.start(nodeId, LeaseSettings.defaults(config.dataDir()).withDeleteEnded(false),
          agent.ledger(), new JdbcLeaseStore(db), execs, agent.idleContainers(), agent::roomFreed, clock, timer,
          new Ids(clock, new SecureRandom()));
    } catch (RuntimeException e) {
      execs.close();
      throw e;
    }
    agent.roomMaker(leases.expiredLeases());
    return new RunnerLeases(Optional.of(leases), handler(leases), Optional.of(execs));
  }

  /** LEAD: {@code new LeasesApi(leases, mapper)} once the leases API is on main. */
  private static LeaseExchange.Handler handler(NodeLeases leases) {
    return RunnerService.NO_LEASES;
  }

  @Override
  public void close() {
    leases.ifPresent(NodeLeases::close);
    execs.ifPresent(e -> {
      try {
        e.close();
      } catch (Exception ignored) {
        // closing the exec runner stops following logs; the containers run on
      }
    });
  }
}
