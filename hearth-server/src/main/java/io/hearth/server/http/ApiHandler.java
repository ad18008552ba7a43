package io.hearth.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.store.StoreException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front door: routes each request and turns every failure into a JSON error a person can
 * act on — never a stack trace. Runs each request on its own virtual thread (blocking is fine).
 */
public final class ApiHandler extends Handler.Abstract {
  private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
  /**
   * Hearth's own answer when the datastore cannot be reached. The driver's text (a FATAL line
   * naming the database, user or host) goes to the log only, never to a client.
   */
  public static final String DATASTORE_UNAVAILABLE = "The datastore is unavailable; try again shortly";

  private final Router router;
  private final ObjectMapper mapper;
  private final Auth auth;
  private final FailureLog failures;

  /** The routes it serves. */
  public Router router() {
    return router;
  }

  public ApiHandler(Router router, ObjectMapper mapper) {
    this(router, mapper, Auth.off());
  }

  public ApiHandler(Router router, ObjectMapper mapper, Auth auth) {
    this(router, mapper, auth, FailureLog.slf4j());
  }

  ApiHandler(Router router, ObjectMapper mapper, Auth auth, FailureLog failures) {
    this.router = router;
    this.mapper = mapper;
    this.auth = auth;
    this.failures = failures;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String method = request.getMethod();
    String path = request.getHttpURI().getPath();
    List<String> segments = segments(path);
    Auth.Refusal refusal = auth.check(segments, request.getHeaders().get(HttpHeader.AUTHORIZATION));
    if (refusal != null) {
      if (refusal.status() == 401) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
      }
      new Exchange(request, response, callback, mapper, segments).error(refusal.status(), refusal.message());
      return true;
    }
    if (auth.guards(segments) && auth.hidesTokenFromFunctions()) {
      request = withoutAuthorization(request); // the platform's secret, not the function's business
    }
    Exchange exchange = new Exchange(request, response, callback, mapper, segments);
    try {
      switch (router.match(method, segments)) {
        case Router.Match.Found found -> found.route().handle(exchange);
        case Router.Match.WrongMethod wrong -> {
          response.getHeaders().put("Allow", String.join(", ", wrong.allowed()));
          exchange.error(405, "Method not allowed: " + method + " " + path);
        }
        case Router.Match.NoPath none -> exchange.error(404, "Path not found: " + method + " " + path);
      }
    } catch (ApiException e) {
      answer(exchange, e.status(), e.getMessage());
    } catch (StoreException.NotFound e) {
      answer(exchange, 404, e.getMessage());
    } catch (StoreException.Conflict e) {
      answer(exchange, 409, e.getMessage());
    } catch (StoreException.Unavailable e) {
      log.warn("{} {}: {}", method, path, e.getMessage());
      response.getHeaders().put("Retry-After", "1");
      answer(exchange, 503, DATASTORE_UNAVAILABLE);
    } catch (Exception e) {
      if (FailureLog.isHangup(e)) {
        failures.hangup(method, path, String.valueOf(e.getMessage()));
        callback.failed(e); // nobody is left to answer
      } else {
        failures.internal(method, path, e);
        answer(exchange, 500, "Internal error; the server log has the details");
      }
    }
    return true;
  }

  private static void answer(Exchange exchange, int status, String message) {
    if (exchange.response().isCommitted()) {
      exchange.callback().failed(new IllegalStateException(message));
    } else {
      exchange.error(status, message);
    }
  }

  private static Request withoutAuthorization(Request request) {
    HttpFields headers = HttpFields.build(request.getHeaders()).remove(HttpHeader.AUTHORIZATION).asImmutable();
    return new Request.Wrapper(request) {
      @Override
      public HttpFields getHeaders() {
        return headers;
      }
    };
  }

  /** Path segments, percent-decoded; empty segments (double or trailing slashes) are dropped. */
  static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    if (path == null) {
      return out;
    }
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
