package io.hearth.server.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.protocol.LeaseExchange;
import io.hearth.server.http.ApiException;
import io.hearth.server.http.Exchange;
import io.hearth.server.http.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Fields;

/**
 * The allocs API's HTTP routes over a {@link LeaseExchange.Handler}: each request becomes a
 * {@link LeaseExchange.Request} (its body read whole, bounded) and the handler's answer is streamed
 * to the client as written. Stateless.
 */
final class LeaseRoutes {
  /** Largest request body of the allocs API (JSON; an exec's env and command included). */
  static final int MAX_BODY = 1024 * 1024;

  private LeaseRoutes() {}

  static void register(Router router, LeaseExchange.Handler handler, ObjectMapper mapper) {
    router.on(Router.ANY, "/v2/offers", ex -> serve(ex, handler));
    router.on(Router.ANY, "/v2/allocs/**", ex -> serve(ex, handler));
  }

  static void serve(Exchange ex, LeaseExchange.Handler handler) throws IOException {
    byte[] body;
    try (InputStream in = Content.Source.asInputStream(ex.request())) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      throw new ApiException(413, "Request body larger than " + MAX_BODY + " bytes");
    }
    Map<String, String> query = new LinkedHashMap<>();
    Fields fields = org.eclipse.jetty.server.Request.extractQueryParameters(ex.request());
    for (Fields.Field f : fields) {
      query.put(f.getName(), f.getValue());
    }
    HttpReply reply = new HttpReply(ex);
    handler.handle(new LeaseExchange.Request(ex.method(), ex.segments(), query, body), reply);
    reply.finish();
  }

  /** Writes the handler's answer to the HTTP response; used by the request's one thread. */
  private static final class HttpReply implements LeaseExchange.Reply {
    private final Exchange ex;
    private OutputStream out;

    HttpReply(Exchange ex) {
      this.ex = ex;
    }

    @Override
    public OutputStream open(int status, String contentType) {
      return open(status, contentType, Map.of());
    }

    @Override
    public OutputStream open(int status, String contentType, Map<String, String> headers) {
      if (out != null) {
        throw new IllegalStateException("the answer was opened already");
      }
      ex.response().setStatus(status);
      headers.forEach((name, value) -> ex.response().getHeaders().put(name, value));
      ex.response().getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
      out = ex.method().equals("HEAD") ? OutputStream.nullOutputStream()
          : Content.Sink.asOutputStream(ex.response());
      return out;
    }

    void finish() throws IOException {
      if (out == null) {
        throw new IllegalStateException("the leases handler answered nothing");
      }
      out.close();
      ex.callback().succeeded();
    }
  }
}
