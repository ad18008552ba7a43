package io.hearth.runner;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.hearth.core.status.NodeStatus;
import io.hearth.protocol.FromRunner;
import io.hearth.protocol.LeaseExchange;
import io.hearth.protocol.RunnerProtocol;
import io.hearth.protocol.ToRunner;
import io.hearth.protocol.wire.RunnerWire;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The runner side of the runner protocol: takes calls from lbs and runs them on the local agent
 * (one {@link RunnerCallHandler} per call's stream), answers status, serves the allocs API requests
 * api nodes forward to it (one {@link LeasesCallHandler} per request), and drains when stopping —
 * refusing new calls while the ones it has finish.
 *
 * <p>Threads: gRPC's executor runs the stream callbacks, a virtual thread per call runs the call.
 * {@link #lock} guards {@code active}, {@code received}, {@code handled}, {@code refused} and
 * {@code draining}.
 */
public final class RunnerService {
  private final String nodeId;
  private final LocalAgent agent;
  private final CallRecording recording;
  private final LeaseExchange.Handler leases;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private int active;
  private long received;
  private long handled;
  private long refused;
  private boolean draining;

  public RunnerService(String nodeId, LocalAgent agent) {
    this(nodeId, agent, CallRecording.NONE);
  }

  /** @param recording where the calls this runner commits are recorded ({@link CallRecording#NONE}: by the lb) */
  public RunnerService(String nodeId, LocalAgent agent, CallRecording recording) {
    this(nodeId, agent, recording, NO_LEASES);
  }

  /**
   * @param leases serves the allocs API requests api nodes forward here ({@link #NO_LEASES}: none)
   */
  public RunnerService(String nodeId, LocalAgent agent, CallRecording recording, LeaseExchange.Handler leases) {
    this.nodeId = nodeId;
    this.agent = agent;
    this.recording = recording;
    this.leases = java.util.Objects.requireNonNull(leases, "leases");
  }

  /** The leases handler of a runner that holds none: every request is answered 404. */
  public static final LeaseExchange.Handler NO_LEASES = (request, reply) -> {
    try (java.io.OutputStream out = reply.open(404, "application/json")) {
      out.write("{\"message\":\"this runner does not hold leases\"}".getBytes(
          java.nio.charset.StandardCharsets.UTF_8));
    }
  };

  /** Whether this runner records the calls it commits (told to the lb in {@link FromRunner.Committed}). */
  boolean recording() {
    return recording != CallRecording.NONE;
  }

  /** Records a committed call that ended; never throws (a failure to record must not fail the call). */
  void record(ToRunner.TryCall t, io.hearth.core.call.CallResult result) {
    if (recording == CallRecording.NONE) {
      return;
    }
    try {
      recording.record(t.callId(), t.app().id(), t.fn().id(), result);
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(RunnerService.class).warn("recording call {} failed", t.callId(), e);
    }
  }

  /** The gRPC service to add to a server. */
  public ServerServiceDefinition definition() {
    return ServerServiceDefinition.builder(RunnerProtocol.SERVICE)
        .addMethod(RunnerProtocol.CALL, (call, headers) -> new RunnerCallHandler(this, call))
        .addMethod(RunnerProtocol.STATUS, (call, headers) -> statusCall(call))
        .addMethod(RunnerProtocol.LEASES, (call, headers) -> new LeasesCallHandler(leases, call))
        .build();
  }

  /** Takes no new calls from now on; those running go on. */
  public void drain() {
    lock.lock();
    try {
      draining = true;
    } finally {
      lock.unlock();
    }
  }

  public boolean draining() {
    lock.lock();
    try {
      return draining;
    } finally {
      lock.unlock();
    }
  }

  /** Calls admitted and not ended yet. */
  public int activeCalls() {
    lock.lock();
    try {
      return active;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until no call runs, at most {@code timeout}; whether none does. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long left = timeout.toNanos();
    lock.lock();
    try {
      while (active > 0) {
        if (left <= 0) {
          return false;
        }
        left = idle.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The agent's status with this service's counts: what the runner tells its lbs. */
  public NodeStatus status() {
    NodeStatus node = agent.status();
    lock.lock();
    try {
      return node.asRunner(nodeId, active, received, handled, refused, draining);
    } finally {
      lock.unlock();
    }
  }

  LocalAgent agent() {
    return agent;
  }

  /** A try-call arrived: whether the runner takes it (then it is active until {@link #ended}). */
  boolean admit() {
    lock.lock();
    try {
      received++;
      if (draining) {
        refused++;
        return false;
      }
      active++;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** An admitted call ended; {@code wasRefused}: the agent refused it before committing. */
  void ended(boolean wasRefused) {
    lock.lock();
    try {
      active--;
      if (wasRefused) {
        refused++;
      } else {
        handled++;
      }
      if (active == 0) {
        idle.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The unary status call: answers when the (empty) request is complete. */
  private ServerCall.Listener<RunnerWire.StatusRequest> statusCall(ServerCall<RunnerWire.StatusRequest, NodeStatus> call) {
    call.request(1);
    return new ServerCall.Listener<>() {
      @Override
      public void onHalfClose() {
        try {
          NodeStatus s = status();
          call.sendHeaders(new Metadata());
          call.sendMessage(s);
          call.close(Status.OK, new Metadata());
        } catch (RuntimeException e) {
          call.close(Status.INTERNAL.withDescription("status failed: " + e), new Metadata());
        }
      }
    };
  }
}
