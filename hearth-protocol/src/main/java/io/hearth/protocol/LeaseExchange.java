package io.hearth.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The allocs API as a transport-neutral exchange, so that the same handler serves it over HTTP on an
 * all-in-one node and over the runner protocol on a runner (api nodes forward to the runner an alloc
 * id names).
 */
public final class LeaseExchange {
  private LeaseExchange() {}

  /**
   * One request of the allocs API.
   *
   * @param method   HTTP method, upper case
   * @param segments the path's segments, e.g. {@code ["v2", "allocs", "n1.01J..", "keepalive"]}
   * @param query    query parameters (first value of each)
   * @param body     the request body (JSON), empty when none
   */
  public record Request(String method, List<String> segments, Map<String, String> query, byte[] body) {
    public Request {
      Objects.requireNonNull(method, "method");
      segments = List.copyOf(segments);
      query = Map.copyOf(query);
      Objects.requireNonNull(body, "body");
    }
  }

  /** Where a handler writes its answer: open once, write, close. */
  @FunctionalInterface
  public interface Reply {
    /** Starts the answer; what is written to the stream is its body, flushed as written for streams. */
    OutputStream open(int status, String contentType) throws IOException;

    /**
     * Starts the answer with response headers too ({@code Allow} on a 405, {@code Location} on a
     * create, {@code Content-Length} of a file). A transport that carries headers overrides this; by
     * default they are dropped, and the answer is the same without them.
     */
    default OutputStream open(int status, String contentType, Map<String, String> headers) throws IOException {
      return open(status, contentType);
    }
  }

  /** Serves allocs API requests. */
  @FunctionalInterface
  public interface Handler {
    void handle(Request request, Reply reply) throws IOException;
  }
}
