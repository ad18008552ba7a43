package io.hearth.protocol;

import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.core.call.Headers;
import java.util.Objects;

/** What an lb sends a runner on a call's stream: the try-call, then the request body in frames. */
public sealed interface ToRunner {

  /**
   * Asks the runner to take a call. It answers {@link FromRunner.Committed} once the call is
   * surely its (a container is running it), or {@link FromRunner.Refused} before committing.
   *
   * @param version       the protocol version the lb speaks ({@link RunnerProtocol#VERSION})
   * @param placementKey  the fingerprint of the function's slot key the lb placed it by
   * @param headers       the client's request headers
   * @param bodyLength    the request body's exact length (the lb holds it whole)
   * @param detached      the client waits only for the start; the runner sends no response body
   */
  record TryCall(int version, String callId, App app, Fn fn, long placementKey, Headers headers,
      long bodyLength, boolean detached) implements ToRunner {
    public TryCall {
      Objects.requireNonNull(callId, "callId");
      Objects.requireNonNull(app, "app");
      Objects.requireNonNull(fn, "fn");
      Objects.requireNonNull(headers, "headers");
    }
  }

  /** A piece of the request body. */
  record BodyChunk(byte[] bytes) implements ToRunner {}

  /** The request body is complete. */
  record BodyEnd() implements ToRunner {}
}
