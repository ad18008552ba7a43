package io.hearth.server.cluster;

import io.hearth.agent.Admission;
import io.hearth.agent.Ticket;
import io.hearth.core.call.CallRequest;
import io.hearth.core.call.CallResult;
import io.hearth.core.call.ResponseSink;
import io.hearth.core.ledger.Resources;
import io.hearth.core.status.NodeStatus;
import io.hearth.core.time.Clock;
import io.hearth.runner.CallRecording;
import io.hearth.runner.Heartbeat;
import io.hearth.runner.LocalAgent;
import io.hearth.runner.RunnerServer;
import io.hearth.runner.RunnerService;
import io.hearth.store.Database;
import io.hearth.store.DatastoreConfig;
import io.hearth.store.runners.JdbcRunnerStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A runner process whose leases are a {@link FakeRunner}: the real runner protocol server and a
 * real registration in the shared datastore, with a stand-in allocs handler. For proving the api
 * node's routing across processes while a runner's real leases are not wired. Settings: {@code
 * HEARTH_NODE_ID}, {@code HEARTH_DB_URL}, {@code HEARTH_GRPC_PORT}, {@code HEARTH_DATA_DIR}, and
 * {@code STANDIN_MEMORY_BYTES} (what it offers).
 */
public final class StandInLeasesRunner {
  private StandInLeasesRunner() {}

  public static void main(String[] args) throws Exception {
    String nodeId = System.getenv("HEARTH_NODE_ID");
    long memory = Long.parseLong(System.getenv("STANDIN_MEMORY_BYTES"));
    Resources capacity = new Resources(memory, 2000);
    FakeRunner leases = new FakeRunner(nodeId, capacity, capacity);
    LocalAgent agent = new LocalAgent() {
      @Override
      public Admission admit(CallRequest request) {
        throw new UnsupportedOperationException("a stand-in runner runs no calls");
      }

      @Override
      public CallResult run(Ticket ticket, ResponseSink sink) {
        throw new UnsupportedOperationException("a stand-in runner runs no calls");
      }

      @Override
      public NodeStatus status() {
        return NodeStatus.empty(nodeId);
      }
    };
    RunnerService service = new RunnerService(nodeId, agent, CallRecording.NONE, leases);
    RunnerServer server = RunnerServer.start("127.0.0.1", Integer.parseInt(System.getenv("HEARTH_GRPC_PORT")), service);
    Database db = Database.open(DatastoreConfig.fromUrl(System.getenv("HEARTH_DB_URL"),
        Path.of(System.getenv("HEARTH_DATA_DIR"))));
    Heartbeat heartbeat = new Heartbeat(new JdbcRunnerStore(db), nodeId, "127.0.0.1:" + server.port(),
        service::draining, Clock.system(), Duration.ofMillis(250), Clock.system()::sleep).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      heartbeat.close();
      server.close();
      db.close();
      stopped.countDown();
    }));
    System.out.println("Hearth stand-in runner is running on 127.0.0.1:" + server.port());
    stopped.await();
  }
}
