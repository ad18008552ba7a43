package io.hearth.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** An HTTP server on loopback answering canned bodies by "METHOD /path?query", recording each request. */
final class CannedServer implements AutoCloseable {
  record Answer(int status, String type, byte[] body) {
    static Answer json(int status, String json) {
      return new Answer(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }
  }

  record Request(String method, String uri, String body) {}

  private final HttpServer server;
  private final Map<String, Supplier<Answer>> routes = new ConcurrentHashMap<>();
  final List<Request> requests = new CopyOnWriteArrayList<>();

  CannedServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      String uri = ex.getRequestURI().getRawPath()
          + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
      String key = ex.getRequestMethod() + " " + uri;
      requests.add(new Request(ex.getRequestMethod(), uri,
          new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      Supplier<Answer> route = routes.get(key);
      Answer a = route != null ? route.get() : Answer.json(404, "{\"message\": \"no route " + key + "\"}");
      ex.getResponseHeaders().add("Content-Type", a.type());
      ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
      if (a.body().length > 0) {
        ex.getResponseBody().write(a.body());
      }
      ex.close();
    });
    server.start();
  }

  CannedServer json(String route, int status, String json) {
    routes.put(route, () -> Answer.json(status, json));
    return this;
  }

  CannedServer answer(String route, Supplier<Answer> answer) {
    routes.put(route, answer);
    return this;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The body of the last request to this route, or null. */
  String bodyOf(String method, String uri) {
    for (int i = requests.size() - 1; i >= 0; i--) {
      Request r = requests.get(i);
      if (r.method().equals(method) && r.uri().equals(uri)) {
        return r.body();
      }
    }
    return null;
  }

  long count(String method, String uri) {
    return requests.stream().filter(r -> r.method().equals(method) && r.uri().equals(uri)).count();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
