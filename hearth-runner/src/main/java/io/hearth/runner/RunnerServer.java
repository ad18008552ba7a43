package io.hearth.runner;

import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.hearth.protocol.RunnerProtocol;
import io.hearth.protocol.RunnerTls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The runner's gRPC server on one address. Stopping it is the last step of a runner's shutdown,
 * after {@link RunnerService#drain} and {@link RunnerService#awaitIdle}.
 */
public final class RunnerServer implements AutoCloseable {
  /** An lb's keep-alive pings are allowed this often: they notice a dead peer within seconds. */
  static final long MIN_PING_SECONDS = 5;
  /**
   * gRPC logs every connection that fails before it carries a call (a plaintext lb at a TLS runner,
   * a wrong certificate) at INFO with a stack trace, once per attempt; the lb reports those failures
   * itself, so here they are kept to warnings. Held here: java.util.logging keeps loggers weakly.
   */
  private static final java.util.logging.Logger TRANSPORT_LOG =
      java.util.logging.Logger.getLogger("io.grpc.netty.shaded.io.grpc.netty.NettyServerTransport");

  static {
    TRANSPORT_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final Server server;
  private final ExecutorService executor;

  private RunnerServer(Server server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Listens on {@code host:port} (0: a free port) and serves the runner protocol, without TLS. */
  public static RunnerServer start(String host, int port, RunnerService service) throws IOException {
    return start(host, port, service, RunnerTls.plaintextServer());
  }

  /**
   * Listens on {@code host:port} (0: a free port) and serves the runner protocol.
   *
   * @param credentials {@link RunnerTls#server} for TLS, or {@link RunnerTls#plaintextServer}
   */
  public static RunnerServer start(String host, int port, RunnerService service, ServerCredentials credentials)
      throws IOException {
    ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("hearth-grpc-", 0).factory());
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port), credentials)
        .addService(service.definition())
        .executor(executor)
        .callExecutor(RunnerServer::callbacksOf)
        .permitKeepAliveTime(MIN_PING_SECONDS, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        .maxInboundMessageSize(RunnerProtocol.MAX_MESSAGE)
        .build();
    try {
      server.start();
    } catch (IOException e) {
      executor.shutdownNow();
      throw new IOException("cannot listen for lbs on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    return new RunnerServer(server, executor);
  }

  /**
   * Where a stream's callbacks run: a call's on the Netty event loop that read its frames (its
   * {@link RunnerCallHandler} only hands frames on and starts the call's own thread, never blocks),
   * which spares a thread wake-up per frame; the status and leases calls' on virtual threads (null:
   * the server's executor).
   */
  private static Executor callbacksOf(ServerCall<?, ?> call, Metadata headers) {
    return call.getMethodDescriptor().getFullMethodName().equals(RunnerProtocol.CALL.getFullMethodName())
        ? MoreExecutors.directExecutor() : null;
  }

  public int port() {
    return server.getPort();
  }

  /** Stops at once, cutting every stream: what a crash looks like to the lbs (for tests). */
  public void kill() {
    server.shutdownNow();
  }

  /** Stops listening and ends any stream still open (a drained runner has none). */
  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
        server.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
    executor.shutdownNow();
  }
}
