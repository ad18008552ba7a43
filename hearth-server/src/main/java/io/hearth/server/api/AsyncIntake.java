package io.hearth.server.api;

import io.hearth.core.call.Headers;
import io.hearth.server.http.Exchange;
import java.io.IOException;

/**
 * Takes an async call ({@code Fn-Invoke-Type: async}) of {@code /invoke} or {@code /t/}: answers
 * 202 with its {@code Fn-Call-Id} once the call is committed to the durable queue, or the reason it
 * cannot be (413, 429, 503). {@code io.hearth.server.async.AsyncCalls} is the one implementation.
 */
@FunctionalInterface
public interface AsyncIntake {
  /**
   * @param trigger whether the call came through an HTTP trigger (its headers are mapped already)
   */
  void accept(Exchange ex, FnCache.Entry entry, Headers headers, String callId, boolean trigger) throws IOException;
}
