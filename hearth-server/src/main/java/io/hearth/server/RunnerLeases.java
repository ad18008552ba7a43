package io.hearth.server;

import io.hearth.agent.Agent;
import io.hearth.core.driver.ContainerDriver;
import io.hearth.core.time.Clock;
import io.hearth.core.time.TimerThread;
import io.hearth.protocol.LeaseExchange;
import io.hearth.runner.RunnerService;
import io.hearth.server.leases.NodeLeases;
import io.hearth.store.Database;
import java.util.Optional;

/**
 * A runner's leases: its {@link NodeLeases} and the allocs API handler over them that its
 * {@link RunnerService} serves to api nodes ({@code hearth.runner.Runner/Leases}).
 *
 * @param leases  the node's leases; empty on a runner that holds none
 * @param handler what the runner answers forwarded allocs API requests with
 */
record RunnerLeases(Optional<NodeLeases> leases, LeaseExchange.Handler handler) implements AutoCloseable {

  /** A runner that holds no leases: it answers every allocs request 404. */
  static final RunnerLeases NONE = new RunnerLeases(Optional.empty(), RunnerService.NO_LEASES);

  /**
   * THE ONE PLACE A RUNNER'S LEASES ARE WIRED (issue 11). Builds the runner's NodeLeases and the
   * LeasesApi handler over them, on the datastore it shares with the api nodes (a runner without a
   * datastore holds no leases: api nodes could not list them).
   *
   * <p>TO WIRE (lead): once LocalLeases and LeasesApi are on main, replace the body with what the
   * all-in-one node does, without deleting ended rows (the api nodes' LeaseJanitor does):
   * <pre>{@code
   *   ExecRunner execs = new DockerExecRunner(ExecSettings.from(agentConfig), driver, clock, timer);
   *   LocalLeases leases = LocalLeases.start(nodeId, LeaseSettings.defaults(config.dataDir()).withDeleteEnded(false),
   *       agent.ledger(), new JdbcLeaseStore(db), execs, agent.idleContainers(), clock, timer, ids);
   *   agent.roomMaker(leases.expiredLeases());
   *   return new RunnerLeases(Optional.of(leases), new LeasesApi(leases, ...));
   * }</pre>
   * Nothing else in the runner changes: RunnerNode hands {@link #handler} to its RunnerService, its
   * idle watch reads {@link #leases}, and {@link #close} closes them.
   */
  static RunnerLeases start(ServerConfig config, String nodeId, Agent agent, ContainerDriver driver, Database db,
      Clock clock, TimerThread timer) {
    return NONE;
  }

  @Override
  public void close() {
    leases.ifPresent(NodeLeases::close);
  }
}
