package io.hearth.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.agent.Agent;
import io.hearth.agent.AgentConfig;
import io.hearth.core.driver.ContainerDriver;
import io.hearth.core.id.Ids;
import io.hearth.core.time.Clock;
import io.hearth.core.time.TimerThread;
import io.hearth.protocol.LeaseExchange;
import io.hearth.runner.RunnerService;
import io.hearth.server.leases.LeaseSettings;
import io.hearth.server.leases.LeasesApi;
import io.hearth.server.leases.NodeLeases;
import io.hearth.store.Database;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * A runner's leases: its {@link NodeLeases} (wired as an all-in-one node's, {@link NodeLeasesWiring},
 * on the datastore it shares with the api nodes) and the allocs API handler over them ({@link
 * LeasesApi}) that its {@link RunnerService} serves to api nodes ({@code hearth.runner.Runner/Leases}).
 *
 * @param wiring  the node's leases and exec runner; empty on a runner that holds none
 * @param handler what the runner answers forwarded allocs API requests with
 */
record RunnerLeases(Optional<NodeLeasesWiring> wiring, LeaseExchange.Handler handler) implements AutoCloseable {

  /** A runner that holds no leases (no datastore): it answers every allocs request 404. */
  static final RunnerLeases NONE = new RunnerLeases(Optional.empty(), RunnerService.NO_LEASES);

  /**
   * The one place a runner's leases are wired (issue 11). A runner does not delete ended rows from
   * the lease store: the api nodes' LeaseJanitor does, for every runner.
   */
  static RunnerLeases start(ServerConfig config, AgentConfig agentConfig, String nodeId, Agent agent,
      ContainerDriver driver, Database db, Clock clock, TimerThread timer) {
    NodeLeasesWiring wiring = NodeLeasesWiring.start(LeaseSettings.defaults(config.dataDir()).withDeleteEnded(false),
        nodeId, agentConfig, agent, driver, db, clock, timer, new Ids(clock, new SecureRandom()),
        config.jobs().faultExecStartRate());
    return new RunnerLeases(Optional.of(wiring), new LeasesApi(wiring.leases(), new ObjectMapper(),
        declaredType(config.jobs())));
  }

  /**
   * The class this runner declares in its offers ({@code HEARTH_INSTANCE_TYPE}): one of {@code
   * HEARTH_INSTANCE_TYPES} when that is set here too (checked now: a wrong name stops the runner), else
   * just a name the api nodes' file should have. Empty when it declares none: the api node's
   * dispatcher then takes it as a class of its own capacity.
   */
  static Optional<String> declaredType(JobSettings jobs) {
    if (!jobs.instanceTypesFile().isEmpty()) {
      JobDispatchWiring.configured(jobs); // throws naming the file's types when the name is not one
    }
    return jobs.instanceType().isEmpty() ? Optional.empty() : Optional.of(jobs.instanceType());
  }

  /** The node's leases, when it holds any. */
  Optional<NodeLeases> leases() {
    return wiring.map(NodeLeasesWiring::leases);
  }

  @Override
  public void close() {
    wiring.ifPresent(NodeLeasesWiring::close);
  }
}
