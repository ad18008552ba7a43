package io.hearth.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.server.http.ApiHandler;
import io.hearth.server.http.Auth;
import io.hearth.server.http.HoldableConnections;
import io.hearth.server.http.HttpLimits;
import io.hearth.server.http.JsonErrorHandler;
import io.hearth.server.http.OpenApi;
import io.hearth.server.http.Router;
import java.util.Map;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP server of an api or lb node: Jetty with a virtual thread per request, the router's
 * routes, JSON errors and the API token, as on an all-in-one node.
 */
final class HttpFront {
  private HttpFront() {}

  /** The routes every node answers: {@code GET /} and {@code GET /version}. */
  static void registerVersion(Router router, String role) {
    router.on("GET", "/", ex -> ex.json(200, Map.of("message", "Hearth " + HearthServer.VERSION + " is running ("
        + role + ")", "version", HearthServer.VERSION)));
    router.on("GET", "/version", ex -> ex.json(200, Map.of("version", HearthServer.VERSION)));
    OpenApi.register(router);
  }

  /** Starts serving the router on the configured host and port. */
  static Server start(ServerConfig config, Router router, ObjectMapper mapper) throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("hearth-http");
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    Server jetty = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false); // as Fn: no Server header
    // Holdable: a call holds the idle timeout off without touching Jetty's scheduler (IdleTimeoutHold)
    ServerConnector connector = new ServerConnector(jetty, new HoldableConnections(http));
    connector.setHost(config.host());
    connector.setPort(config.port());
    jetty.addConnector(connector);
    HttpLimits limits = HttpLimits.install(connector, config.httpLimits(), io.hearth.core.time.Clock.system());
    jetty.setHandler(new ApiHandler(router, mapper, new Auth(config.apiToken(), config.invokeAuth())));
    jetty.setErrorHandler(new JsonErrorHandler());
    jetty.setStopTimeout(5_000);
    jetty.start();
    limits.start();
    return jetty;
  }

  /** The routes the server answers. */
  static Router router(Server jetty) {
    return ((ApiHandler) jetty.getHandler()).router();
  }

  static int port(Server jetty) {
    return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  static void stop(Server jetty) {
    try {
      jetty.stop();
    } catch (Exception e) {
      org.slf4j.LoggerFactory.getLogger(HttpFront.class).warn("stopping the HTTP server", e);
    }
  }
}
