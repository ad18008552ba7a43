package io.hearth.server.ui;

import io.hearth.server.http.Exchange;
import io.hearth.server.http.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The dashboard's files: {@code GET /ui} (308 to {@code /ui/}), {@code /ui/assets/**} (a file of
 * this jar's {@code io/hearth/server/ui/assets}, with its content type and an ETag; an unknown one
 * is a 404 JSON error) and every other {@code /ui/...} path: {@code index.html}, so that a deep link
 * works on reload (the page's router reads the path). Open without the API token: the files hold
 * no data; the page asks {@code /v2} for it with the token. Files are read once and kept; thread-safe.
 */
public final class UiRoutes {
  static final String ROOT = "/io/hearth/server/ui/";
  /** A page's security policy: only this origin's scripts, styles and connections. */
  static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
      + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml",
      "png", "image/png",
      "json", "application/json",
      "ico", "image/x-icon",
      "woff2", "font/woff2");

  private record Asset(byte[] body, String type, String etag) {}

  private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();
  private final Asset index;

  public UiRoutes() {
    this.index = load("index.html").orElseThrow(() -> new IllegalStateException(
        "the dashboard's index.html is missing from the jar (" + ROOT + ")"));
  }

  public void register(Router router) {
    router.on("GET", "/ui", this::serve);
    router.on("GET", "/ui/**", this::serve);
  }

  private void serve(Exchange ex) {
    String path = ex.request().getHttpURI().getPath();
    if (path.equals("/ui")) {
      ex.response().getHeaders().put(HttpHeader.LOCATION, "/ui/");
      ex.response().setStatus(308);
      ex.callback().succeeded();
      return;
    }
    List<String> segments = ex.segments();
    if (segments.size() >= 2 && segments.get(1).equals("assets")) {
      String name = String.join("/", segments.subList(1, segments.size()));
      Optional<Asset> asset = safe(segments) ? cache.computeIfAbsent(name, UiRoutes::load) : Optional.empty();
      if (asset.isEmpty()) {
        ex.error(404, "No such dashboard file: " + path);
        return;
      }
      send(ex, asset.get());
      return;
    }
    send(ex, index);
  }

  /** No segment may climb out of the assets folder or name a hidden file. */
  private static boolean safe(List<String> segments) {
    for (String s : segments) {
      if (s.startsWith(".") || s.contains("\\") || s.contains("\0")) {
        return false;
      }
    }
    return true;
  }

  private static void send(Exchange ex, Asset asset) {
    var headers = ex.response().getHeaders();
    headers.put(HttpHeader.ETAG, asset.etag());
    headers.put(HttpHeader.CACHE_CONTROL, "no-cache"); // names carry no hash: revalidate, a 304 is cheap
    headers.put("X-Content-Type-Options", "nosniff");
    if (asset.type().startsWith("text/html")) {
      headers.put("Content-Security-Policy", CSP);
      headers.put("Referrer-Policy", "no-referrer");
    }
    String given = ex.request().getHeaders().get(HttpHeader.IF_NONE_MATCH);
    if (given != null && given.contains(asset.etag())) {
      ex.response().setStatus(304);
      ex.callback().succeeded();
      return;
    }
    ex.response().setStatus(200);
    headers.put(HttpHeader.CONTENT_TYPE, asset.type());
    headers.put(HttpHeader.CONTENT_LENGTH, asset.body().length);
    if (ex.method().equals("HEAD")) {
      ex.callback().succeeded();
      return;
    }
    ex.response().write(true, ByteBuffer.wrap(asset.body()), ex.callback());
  }

  private static Optional<Asset> load(String name) {
    int dot = name.lastIndexOf('.');
    String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1));
    if (type == null) {
      return Optional.empty(); // only the kinds of file the dashboard is made of
    }
    try (InputStream in = UiRoutes.class.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] body = in.readAllBytes();
      return Optional.of(new Asset(body, type, "\"" + digest(body) + "\""));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dashboard file " + name, e);
    }
  }

  private static String digest(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
