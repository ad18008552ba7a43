package io.hearth.server;

import io.hearth.agent.Agent;
import io.hearth.agent.AgentConfig;
import io.hearth.agent.exec.DockerExecRunner;
import io.hearth.agent.exec.ExecSettings;
import io.hearth.core.driver.ContainerDriver;
import io.hearth.core.id.Ids;
import io.hearth.core.lease.ExecRunner;
import io.hearth.core.time.Clock;
import io.hearth.core.time.Scheduler;
import io.hearth.server.leases.LeaseSettings;
import io.hearth.server.leases.LocalLeases;
import io.hearth.store.Database;
import io.hearth.store.leases.JdbcLeaseStore;
import java.util.SplittableRandom;

/**
 * The leases of a node that runs containers: {@link LocalLeases} on the agent's ledger, the lease
 * store on the node's datastore and a {@link DockerExecRunner} on its driver, each side making room
 * for the other (the agent's idle containers for a new alloc, expired allocs for a call's
 * container). Closing stops the leases' timers and the runner's following and leaves the exec
 * containers running, for the next start to re-adopt.
 */
record NodeLeasesWiring(LocalLeases leases, DockerExecRunner runner) implements AutoCloseable {

  /** Starts the node's leases (re-adopting what an earlier run left) and hands the agent their room maker. */
  static NodeLeasesWiring start(ServerConfig config, String nodeId, AgentConfig agentConfig, Agent agent,
      ContainerDriver driver, Database db, Clock clock, Scheduler scheduler, Ids ids) {
    return start(LeaseSettings.defaults(config.dataDir()), nodeId, agentConfig, agent, driver, db, clock, scheduler,
        ids, config.jobs().faultExecStartRate());
  }

  /**
   * The same with these settings (a runner's leave deleting ended rows to the api nodes); {@code
   * faultRate} above 0 (test only) makes that share of exec starts fail ({@link FaultyExecRunner}).
   */
  static NodeLeasesWiring start(LeaseSettings settings, String nodeId, AgentConfig agentConfig, Agent agent,
      ContainerDriver driver, Database db, Clock clock, Scheduler scheduler, Ids ids, double faultRate) {
    DockerExecRunner runner = new DockerExecRunner(ExecSettings.from(agentConfig), driver, clock, scheduler);
    ExecRunner execs = faultRate > 0 ? new FaultyExecRunner(runner, faultRate, new SplittableRandom()) : runner;
    try {
      LocalLeases leases = LocalLeases.start(nodeId, settings, agent.ledger(),
          new JdbcLeaseStore(db), execs, agent.idleContainers(), agent::roomFreed, clock, scheduler, ids);
      agent.roomMaker(leases.expiredLeases());
      return new NodeLeasesWiring(leases, runner);
    } catch (RuntimeException e) {
      runner.close();
      throw e;
    }
  }

  @Override
  public void close() {
    leases.close();
    runner.close();
  }
}
