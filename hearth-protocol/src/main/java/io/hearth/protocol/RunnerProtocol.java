package io.hearth.protocol;

import io.grpc.MethodDescriptor;
import io.hearth.core.status.NodeStatus;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.function.Function;

/**
 * The runner protocol as gRPC methods, declared by hand with {@link WireCodec} as their marshaller
 * (gRPC carries any message encoding; protobuf is only its default):
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
 *       {@link LeaseFrame.Head} then {@link LeaseFrame.Chunk}s of the body. A new method, not a
 *       changed message: {@link #VERSION} stays; a runner without it answers {@code UNIMPLEMENTED}.
 * </ul>
 */
public final class RunnerProtocol {
  public static final String SERVICE = "hearth.runner.Runner";
  /** Bumped whenever a message changes; a runner refuses a try-call of another version. */
  public static final int VERSION = 2; // 2: Committed says whether the runner records the call
  /** Size of the body and response frames: large enough to amortise framing, small against windows. */
  public static final int CHUNK = 32 * 1024;
  /** Largest message: a try-call carries the function's configuration and the client's headers. */
  public static final int MAX_MESSAGE = 16 << 20;

  public static final MethodDescriptor<ToRunner, FromRunner> CALL = MethodDescriptor.<ToRunner, FromRunner>newBuilder()
      .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
      .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Call"))
      .setRequestMarshaller(RunnerProtocol.<ToRunner>marshaller(WireCodec::encode, WireCodec::decodeToRunner))
      .setResponseMarshaller(RunnerProtocol.<FromRunner>marshaller(WireCodec::encode, WireCodec::decodeFromRunner))
      .build();

  public static final MethodDescriptor<WireCodec.StatusRequest, NodeStatus> STATUS =
      MethodDescriptor.<WireCodec.StatusRequest, NodeStatus>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Status"))
          .setRequestMarshaller(RunnerProtocol.<WireCodec.StatusRequest>marshaller(WireCodec::encode,
              WireCodec::decodeStatusRequest))
          .setResponseMarshaller(RunnerProtocol.<NodeStatus>marshaller(WireCodec::encode, WireCodec::decodeStatus))
          .setIdempotent(true)
          .build();

  public static final MethodDescriptor<LeaseExchange.Request, LeaseFrame> LEASES =
      MethodDescriptor.<LeaseExchange.Request, LeaseFrame>newBuilder()
          .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Leases"))
          .setRequestMarshaller(RunnerProtocol.<LeaseExchange.Request>marshaller(WireCodec::encode,
              WireCodec::decodeLeaseRequest))
          .setResponseMarshaller(RunnerProtocol.<LeaseFrame>marshaller(WireCodec::encode, WireCodec::decodeLeaseFrame))
          .build();

  private RunnerProtocol() {}

  private static <T> MethodDescriptor.Marshaller<T> marshaller(Function<T, byte[]> encode,
      Function<InputStream, T> decode) {
    return new MethodDescriptor.Marshaller<>() {
      @Override
      public InputStream stream(T value) {
        return new ByteArrayInputStream(encode.apply(value));
      }

      @Override
      public T parse(InputStream stream) {
        return decode.apply(stream);
      }
    };
  }
}
