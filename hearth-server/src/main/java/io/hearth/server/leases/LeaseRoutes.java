package io.hearth.server.leases;

import io.hearth.protocol.LeaseExchange;
import io.hearth.server.http.ApiException;
import io.hearth.server.http.Exchange;
import io.hearth.server.http.InputText;
import io.hearth.server.http.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;

/**
 * Serves a {@link LeaseExchange.Handler} over the node's HTTP front: {@code /v2/offers} and {@code
 * /v2/allocs/**} for every method (the handler answers 405 and 404 itself). Each request's body is
 * read whole (at most {@link LeaseRequests#MAX_BODY_BYTES}) and its query's first values handed over;
 * the reply opens the Jetty response with its status, type and headers. An answer that is closed
 * without a flush goes out with its {@code Content-Length}; one that is flushed (a followed log)
 * goes out chunked, each flush on the wire at once.
 */
public final class LeaseRoutes {
  /** Bytes gathered before a write reaches Jetty, unless flushed first. */
  private static final int BUFFER = 16 * 1024;

  private LeaseRoutes() {}

  /** Registers the leases API's paths on {@code router}, answered by {@code handler}. */
  public static void register(Router router, LeaseExchange.Handler handler) {
    router.on(Router.ANY, "/v2/offers", ex -> serve(ex, handler))
        .on(Router.ANY, "/v2/allocs/**", ex -> serve(ex, handler));
  }

  /** Serves one request of the front through {@code handler} (the jobs API is served the same way). */
  public static void serve(Exchange ex, LeaseExchange.Handler handler) throws IOException {
    byte[] body;
    try (InputStream in = Content.Source.asInputStream(ex.request())) {
      body = in.readNBytes(LeaseRequests.MAX_BODY_BYTES + 1);
    } catch (IOException e) {
      throw ApiException.badRequest("Could not read the request body: " + e.getMessage());
    }
    if (body.length > LeaseRequests.MAX_BODY_BYTES) {
      throw new ApiException(413, "Request body larger than " + LeaseRequests.MAX_BODY_BYTES + " bytes");
    }
    if (body.length > 0) {
      InputText.requireUtf8(body);
    }
    Map<String, String> query = new HashMap<>(ex.queryParameters());
    HttpReply reply = new HttpReply(ex);
    try {
      handler.handle(new LeaseExchange.Request(ex.method(), ex.segments(), query, body), reply);
    } catch (IOException | RuntimeException e) {
      if (reply.body == null) {
        throw e; // nothing sent yet: the front door answers with an error
      }
      reply.body.abort(e);
      return;
    }
    if (reply.body == null) {
      throw new IllegalStateException("the leases handler answered nothing to " + ex.method() + " " + ex.segments());
    }
    reply.body.close(); // a handler that left its stream open is done with it
  }

  /** The Jetty response as a reply. */
  private static final class HttpReply implements LeaseExchange.Reply {
    private final Exchange ex;
    Body body;

    HttpReply(Exchange ex) {
      this.ex = ex;
    }

    @Override
    public OutputStream open(int status, String contentType) {
      return open(status, contentType, Map.of());
    }

    @Override
    public OutputStream open(int status, String contentType, Map<String, String> headers) {
      if (body != null) {
        throw new IllegalStateException("the reply is already open");
      }
      Response r = ex.response();
      r.setStatus(status);
      r.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
      headers.forEach((k, v) -> {
        if (!k.equalsIgnoreCase("Content-Length")) {
          r.getHeaders().put(k, v);
        }
      });
      body = new Body(ex, headers.get("Content-Length"));
      return body;
    }
  }

  /**
   * The response body: buffered until flushed, full or closed; closing completes the response once.
   * Used by the request's thread.
   */
  private static final class Body extends OutputStream {
    private final Exchange ex;
    private final String declaredLength;
    private final byte[] buf = new byte[BUFFER];
    private int n;
    private final boolean head;
    private boolean streaming;
    private boolean done;

    Body(Exchange ex, String declaredLength) {
      this.ex = ex;
      this.head = ex.method().equals("HEAD");
      this.declaredLength = declaredLength;
    }

    @Override
    public void write(int b) throws IOException {
      if (n == buf.length) {
        push(false);
      }
      buf[n++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (n == buf.length) {
          push(false);
        }
        int k = Math.min(len, buf.length - n);
        System.arraycopy(b, off, buf, n, k);
        n += k;
        off += k;
        len -= k;
      }
    }

    @Override
    public void flush() throws IOException {
      if (!done && n > 0) {
        push(false);
      }
    }

    @Override
    public void close() throws IOException {
      if (done) {
        return;
      }
      if (!streaming) {
        ex.response().getHeaders().put(HttpHeader.CONTENT_LENGTH, n);
      }
      push(true);
      done = true;
      ex.callback().succeeded();
    }

    /** Ends the response short after a failure mid-answer; the client sees a cut answer. */
    void abort(Throwable cause) {
      if (!done) {
        done = true;
        ex.callback().failed(cause);
      }
    }

    private void push(boolean last) throws IOException {
      if (done) {
        throw new IOException("the answer is complete");
      }
      if (!last && !streaming) {
        streaming = true;
        if (declaredLength != null) {
          ex.response().getHeaders().put(HttpHeader.CONTENT_LENGTH, Long.parseLong(declaredLength));
        }
      }
      try (Blocker.Callback cb = Blocker.callback()) {
        // a HEAD answer has the GET's status and headers (its Content-Length too) but no body
        ex.response().write(last, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(buf, 0, n), cb);
        cb.block();
      } catch (IOException e) {
        done = true;
        ex.callback().failed(e);
        throw e;
      }
      n = 0;
    }
  }
}
