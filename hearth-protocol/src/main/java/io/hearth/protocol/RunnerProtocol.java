package io.hearth.protocol;

import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.hearth.core.status.NodeStatus;
import io.hearth.protocol.wire.RunnerGrpc;
import io.hearth.protocol.wire.RunnerWire;
import java.io.InputStream;
import java.util.function.Function;

/**
 * The runner protocol as gRPC methods. {@code src/main/protobuf/hearth/runner/runner.proto} is the
 * contract (a runner or an lb in another language speaks it); the build compiles it to {@link
 * RunnerWire} and {@link RunnerGrpc}. The methods here are the generated ones, carrying this side's
 * records: protobuf encodes, {@link WireMessages} copies fields between message and record.
 *
 * <ul>
 *   <li>{@code hearth.runner.Runner/Call}, bidirectional streaming, one stream per call: the lb sends
 *       {@link ToRunner.TryCall} then the body ({@link ToRunner.BodyChunk}s, {@link ToRunner.BodyEnd});
 *       the runner answers {@link FromRunner.Refused} (nothing was done: try another runner), or
 *       {@link FromRunner.Committed}, then {@link FromRunner.ResponseStart}, {@link
 *       FromRunner.ResponseChunk}s and {@link FromRunner.Finished}, and closes the stream.
 *   <li>{@code hearth.runner.Runner/Status}, unary: the runner's {@link NodeStatus}.
 *   <li>{@code hearth.runner.Runner/Leases}, server streaming: one {@link LeaseExchange.Request} of
 *       the allocs API (an api node forwarding to the runner holding the alloc), answered by a
 *       {@link LeaseFrame.Head} then {@link LeaseFrame.Chunk}s of the body.
 * </ul>
 */
public final class RunnerProtocol {
  public static final String SERVICE = RunnerGrpc.SERVICE_NAME;
  /** Bumped whenever a message changes; a runner refuses a try-call of another version. */
  public static final int VERSION = 3; // 3: the messages of runner.proto (2: Committed says who records)
  /** Size of the body and response frames: large enough to amortise framing, small against windows. */
  public static final int CHUNK = 32 * 1024;
  /** Largest message: a try-call carries the function's configuration and the client's headers. */
  public static final int MAX_MESSAGE = 16 << 20;

  private static final MethodDescriptor.Marshaller<ToRunner> TO_RUNNER =
      mapped(RunnerWire.ToRunner.getDefaultInstance(), WireMessages::toWire, WireMessages::fromWire);
  private static final MethodDescriptor.Marshaller<FromRunner> FROM_RUNNER =
      mapped(RunnerWire.FromRunner.getDefaultInstance(), WireMessages::toWire, WireMessages::fromWire);
  private static final MethodDescriptor.Marshaller<NodeStatus> RUNNER_STATUS =
      mapped(RunnerWire.RunnerStatus.getDefaultInstance(), WireMessages::toWire, WireMessages::fromWire);
  private static final MethodDescriptor.Marshaller<LeaseExchange.Request> LEASE_REQUEST =
      mapped(RunnerWire.LeaseRequest.getDefaultInstance(), WireMessages::toWire, WireMessages::fromWire);
  private static final MethodDescriptor.Marshaller<LeaseFrame> LEASE_FRAME =
      mapped(RunnerWire.LeaseFrame.getDefaultInstance(), WireMessages::toWire, WireMessages::fromWire);

  public static final MethodDescriptor<ToRunner, FromRunner> CALL =
      RunnerGrpc.getCallMethod().toBuilder(TO_RUNNER, FROM_RUNNER).build();

  /** The request is the generated empty message: there is nothing to map. */
  public static final MethodDescriptor<RunnerWire.StatusRequest, NodeStatus> STATUS = RunnerGrpc.getStatusMethod()
      .toBuilder(ProtoUtils.marshaller(RunnerWire.StatusRequest.getDefaultInstance()), RUNNER_STATUS).build();

  public static final MethodDescriptor<LeaseExchange.Request, LeaseFrame> LEASES =
      RunnerGrpc.getLeasesMethod().toBuilder(LEASE_REQUEST, LEASE_FRAME).build();

  private RunnerProtocol() {}

  /** The status call's request. */
  public static RunnerWire.StatusRequest statusRequest() {
    return RunnerWire.StatusRequest.getDefaultInstance();
  }

  /** Protobuf's marshaller for the generated message, seen through the mapping to this side's record. */
  private static <T, M extends Message> MethodDescriptor.Marshaller<T> mapped(M prototype, Function<T, M> toWire,
      Function<M, T> fromWire) {
    MethodDescriptor.Marshaller<M> wire = ProtoUtils.marshaller(prototype);
    return new MethodDescriptor.Marshaller<>() {
      @Override
      public InputStream stream(T value) {
        return wire.stream(toWire.apply(value));
      }

      @Override
      public T parse(InputStream stream) {
        return fromWire.apply(wire.parse(stream));
      }
    };
  }
}
