package io.hearth.lb;

import com.google.common.net.HostAndPort;
import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.hearth.core.status.NodeStatus;
import io.hearth.protocol.FromRunner;
import io.hearth.protocol.RunnerProtocol;
import io.hearth.protocol.RunnerTls;
import io.hearth.protocol.ToRunner;
import io.hearth.protocol.wire.RunnerWire;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An lb's connection to one runner: one gRPC channel (HTTP/2, reconnecting by itself) carrying
 * every call's stream and the status calls. Thread-safe.
 *
 * <p>The streams' callbacks run on the channel's Netty event loop ({@code directExecutor}): every
 * listener of this module only queues an event, completes a future or signals a condition, never
 * blocks, so handing each callback to another thread first would only add a thread wake-up per
 * message to every call.
 */
public final class RunnerClient implements AutoCloseable {
  /** Keep-alive pings find a runner that vanished without closing its connections. */
  private static final long PING_SECONDS = 10;
  private static final long PING_TIMEOUT_SECONDS = 5;

  private final String address;
  private final ManagedChannel channel;
  private final ExecutorService executor;

  /** @param address {@code host:port} of the runner's gRPC server, called without TLS */
  public RunnerClient(String address) {
    this(address, RunnerTls.plaintextClient());
  }

  /**
   * @param address     {@code host:port} of the runner's gRPC server
   * @param credentials {@link RunnerTls#client} for TLS (the runner's certificate must name the
   *                    address's host), or {@link RunnerTls#plaintextClient}
   */
  public RunnerClient(String address, ChannelCredentials credentials) {
    HostAndPort hp = parse(address);
    this.address = address;
    // left to gRPC's own work that is not a listener callback (name resolution, load balancing)
    this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("hearth-lb-grpc-", 0).factory());
    this.channel = NettyChannelBuilder.forAddress(hp.getHost(), hp.getPort(), credentials)
        .directExecutor()
        .offloadExecutor(executor)
        .keepAliveTime(PING_SECONDS, TimeUnit.SECONDS)
        .keepAliveTimeout(PING_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .keepAliveWithoutCalls(true)
        .maxInboundMessageSize(RunnerProtocol.MAX_MESSAGE)
        .build();
  }

  /** Checks a runner address: {@code host:port}. */
  public static HostAndPort parse(String address) {
    try {
      HostAndPort hp = HostAndPort.fromString(address.strip());
      if (!hp.hasPort() || hp.getHost().isEmpty()) {
        throw new IllegalArgumentException("no port");
      }
      return hp;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a runner address is host:port (such as 127.0.0.1:9190), not '" + address
          + "'");
    }
  }

  public String address() {
    return address;
  }

  /** A new call's stream; the caller starts it. */
  ClientCall<ToRunner, FromRunner> newCall() {
    return channel.newCall(RunnerProtocol.CALL, CallOptions.DEFAULT);
  }

  /** A new leases stream; the caller starts it. */
  ClientCall<io.hearth.protocol.LeaseExchange.Request, io.hearth.protocol.LeaseFrame> newLeasesCall(
      CallOptions options) {
    return channel.newCall(RunnerProtocol.LEASES, options);
  }

  /**
   * Forwards an allocs API request to the runner and writes its answer to {@code reply} ({@link LeaseCall}).
   *
   * @param deadline longest wait for the runner to start answering; then it counts as unreachable
   * @throws java.io.IOException when the answer broke off after it started, or writing it failed
   */
  public LeaseCall.Outcome leases(io.hearth.protocol.LeaseExchange.Request request, Duration deadline,
      io.hearth.protocol.LeaseExchange.Reply reply) throws java.io.IOException {
    return LeaseCall.forward(this, request, deadline, reply);
  }

  /**
   * Asks the runner for its status.
   *
   * @throws StatusException when it does not answer within {@code timeout}
   */
  public NodeStatus status(Duration timeout) throws StatusException {
    ClientCall<RunnerWire.StatusRequest, NodeStatus> call = channel.newCall(RunnerProtocol.STATUS,
        CallOptions.DEFAULT.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS));
    CompletableFuture<NodeStatus> answer = new CompletableFuture<>();
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(NodeStatus message) {
        answer.complete(message);
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        if (!status.isOk()) {
          answer.completeExceptionally(status.asException());
        } else if (!answer.isDone()) {
          answer.completeExceptionally(Status.INTERNAL.withDescription("no status in the answer").asException());
        }
      }
    }, new Metadata());
    call.request(1);
    call.sendMessage(RunnerProtocol.statusRequest());
    call.halfClose();
    try {
      return answer.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof StatusException s ? s : Status.fromThrowable(e.getCause()).asException();
    } catch (TimeoutException e) {
      call.cancel("no answer", null);
      throw Status.DEADLINE_EXCEEDED.withDescription("no status from " + address).asException();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      call.cancel("interrupted", null);
      throw Status.CANCELLED.withDescription("interrupted").asException();
    }
  }

  /** After a failure, try to connect again at once rather than after the channel's back-off. */
  void reconnectSoon() {
    channel.resetConnectBackoff();
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
  }
}
