package io.hearth.fdk;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One call to the function, as the agent sent it.
 *
 * <p>The body streams from the connection: read it while the call runs (it is not buffered, and it
 * cannot be read after the handler returns). Owned by the thread running the handler.
 *
 * @param callId   the {@code Fn-Call-Id} header
 * @param deadline when the agent gives up on the call ({@code Fn-Deadline})
 * @param headers  every request header as received, names case-insensitive, in name order
 * @param body     the request body
 * @param config   the function's configuration: app config, then fn config on top, then the
 *                 {@code FN_*} variables (the process environment when run by the agent)
 */
public record FnCall(String callId, Instant deadline, Map<String, List<String>> headers, InputStream body,
    Map<String, String> config) {

  public FnCall {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(body, "body");
    headers = HeaderMaps.copyOf(Objects.requireNonNull(headers, "headers"));
    config = Map.copyOf(Objects.requireNonNull(config, "config"));
  }

  /** The first value of a request header, names case-insensitive. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
  }

  /** The request's Content-Type. */
  public Optional<String> contentType() {
    return header("Content-Type");
  }

  /** The HTTP request that reached an HTTP trigger, when the call came through one. */
  public Optional<TriggerRequest> trigger() {
    return TriggerRequest.from(headers);
  }
}
