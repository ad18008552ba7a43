package io.hearth.protocol;

import io.grpc.MethodDescriptor;
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
 *   <li>{@code hearth.runner.Runner/Status}, unary: {@link RunnerStatus}.
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

  public static final MethodDescriptor<WireCodec.StatusRequest, RunnerStatus> STATUS =
      MethodDescriptor.<WireCodec.StatusRequest, RunnerStatus>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Status"))
          .setRequestMarshaller(RunnerProtocol.<WireCodec.StatusRequest>marshaller(WireCodec::encode,
              WireCodec::decodeStatusRequest))
          .setResponseMarshaller(RunnerProtocol.<RunnerStatus>marshaller(WireCodec::encode, WireCodec::decodeStatus))
          .setIdempotent(true)
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
