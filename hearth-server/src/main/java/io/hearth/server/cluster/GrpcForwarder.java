package io.hearth.server.cluster;

import io.grpc.ChannelCredentials;
import io.hearth.lb.LeaseCall;
import io.hearth.lb.RunnerClient;
import io.hearth.protocol.LeaseExchange;
import io.hearth.store.runners.RunnerRow;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Forwards over the runner protocol: one {@link RunnerClient} (a gRPC channel) per runner address,
 * made on first use and kept until close. A runner whose address is not {@code host:port} is
 * unreachable, with why.
 *
 * <p>Threads: any; {@link #lock} guards {@code clients} and {@code closed}.
 */
public final class GrpcForwarder implements Forwarder {
  private final ChannelCredentials credentials;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, RunnerClient> clients = new HashMap<>();
  private boolean closed;

  /** @param credentials how every runner is called (TLS or plaintext), as the lbs call them */
  public GrpcForwarder(ChannelCredentials credentials) {
    this.credentials = credentials;
  }

  @Override
  public LeaseCall.Outcome forward(RunnerRow runner, LeaseExchange.Request request, Duration deadline,
      LeaseExchange.Reply reply) throws IOException {
    RunnerClient client;
    lock.lock();
    try {
      if (closed) {
        return new LeaseCall.Outcome.Unreachable("this api node is stopping");
      }
      client = clients.get(runner.address());
      if (client == null) {
        try {
          client = new RunnerClient(runner.address(), credentials);
        } catch (IllegalArgumentException e) {
          return new LeaseCall.Outcome.Unreachable(e.getMessage());
        }
        clients.put(runner.address(), client);
      }
    } finally {
      lock.unlock();
    }
    return client.leases(request, deadline, reply);
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      clients.values().forEach(RunnerClient::close);
      clients.clear();
    } finally {
      lock.unlock();
    }
  }
}
