package io.hearth.core.call;

import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One call to run.
 *
 * @param callId  the call's id, sent to the function as Fn-Call-Id
 * @param headers the client's request headers (hop-by-hop ones are dropped here)
 * @param body    the request body, read once while the call runs
 * @param length  the body's length, or -1 when unknown (it is then sent chunked)
 * @param clientGone completes when the client has gone away: a call still waiting for a container
 *                   then leaves the queue
 */
public record CallRequest(String callId, App app, Fn fn, Headers headers, InputStream body, long length,
    CompletionStage<?> clientGone) {
  public CallRequest {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(fn, "fn");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(clientGone, "clientGone");
  }

  /** A call whose client is not watched: it waits for its container whatever the client does. */
  public CallRequest(String callId, App app, Fn fn, Headers headers, InputStream body, long length) {
    this(callId, app, fn, headers, body, length, new CompletableFuture<>());
  }
}
