package io.hearth.server.leases;

import io.hearth.server.http.ErrorBodies;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.protocol.LeaseExchange;
import io.hearth.server.http.ApiException;
import io.hearth.server.http.ApiHandler;
import io.hearth.store.StoreException;
import io.hearth.store.leases.AllocRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases API of one node ({@code /v2/offers}, {@code /v2/allocs/**}) over its {@link
 * NodeLeases}, transport-neutral: an all-in-one node serves it over HTTP ({@link LeaseRoutes}), a
 * runner over the runner protocol. Routes by path segments and method (405 with {@code Allow} for
 * another method, 404 for an unknown path); reads requests with {@link LeaseRequests}, writes with
 * {@link LeaseJson}; every refusal is {@code {"message": ...}} with the failure's status, and
 * nothing a caller sends leads to a 500. Stateless and thread-safe; each call blocks its thread.
 */
public final class LeasesApi implements LeaseExchange.Handler {
  private static final Logger log = LoggerFactory.getLogger(LeasesApi.class);
  private static final String JSON = "application/json";
  private static final String TEXT = "text/plain; charset=utf-8";
  private static final String BYTES = "application/octet-stream";
  /** What an alloc or exec id can look like ({@code <node id>.<id>}); anything else names nothing. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,200}");

  private final NodeLeases leases;
  private final LeaseJson json;
  private final LeaseRequests requests;
  private final Optional<String> instanceType;

  public LeasesApi(NodeLeases leases, ObjectMapper mapper) {
    this(leases, mapper, Optional.empty());
  }

  /**
   * @param instanceType the node class this node declares ({@code HEARTH_INSTANCE_TYPE} on a runner):
   *                     its offer says it as {@code instance_type}, for an api node's dispatcher
   */
  public LeasesApi(NodeLeases leases, ObjectMapper mapper, Optional<String> instanceType) {
    this.leases = leases;
    this.json = new LeaseJson(mapper);
    this.requests = new LeaseRequests(mapper);
    this.instanceType = instanceType;
  }

  @Override
  public void handle(LeaseExchange.Request request, LeaseExchange.Reply reply) throws IOException {
    Once once = new Once(reply);
    try {
      route(request, once);
    } catch (WrongMethod e) {
      refuse(once, 405, e.getMessage(), Map.of("Allow", e.allow));
    } catch (ApiException e) {
      refuse(once, e.status(), e.getMessage(), Map.of());
    } catch (StoreException.NotFound e) {
      refuse(once, 404, e.getMessage(), Map.of());
    } catch (StoreException.Unavailable e) {
      log.warn("{} {}: {}", request.method(), path(request), e.getMessage());
      refuse(once, 503, ApiHandler.DATASTORE_UNAVAILABLE,
          Map.of("Retry-After", "1"));
    } catch (RuntimeException e) {
      log.error("{} {} failed", request.method(), path(request), e);
      refuse(once, 500, "Internal error; the server log has the details", Map.of());
    }
  }

  private void route(LeaseExchange.Request req, Once reply) throws IOException {
    List<String> s = req.segments();
    String method = req.method().equals("HEAD") ? "GET" : req.method();
    if (s.size() < 2 || !s.get(0).equals("v2")) {
      throw notFound(req);
    }
    if (s.get(1).equals("offers")) {
      if (s.size() != 2) {
        throw notFound(req);
      }
      allow(req, method, "GET");
      List<NodeLeases.Offer> offers = leases.offer().stream().toList();
      com.fasterxml.jackson.databind.node.ObjectNode answer = json.offers(offers, List.of());
      instanceType.ifPresent(t -> answer.get("items")
          .forEach(o -> ((com.fasterxml.jackson.databind.node.ObjectNode) o).put("instance_type", t)));
      send(reply, 200, answer, Map.of());
      return;
    }
    if (!s.get(1).equals("allocs")) {
      throw notFound(req);
    }
    if (s.size() == 2) {
      allow(req, method, "GET", "POST");
      if (method.equals("GET")) {
        send(reply, 200, json.allocs(leases.list(requests.list(req.query()))), Map.of());
      } else {
        AllocRecord a = value(leases.create(requests.alloc(req.body())));
        send(reply, 201, json.alloc(a), Map.of("Location", "/v2/allocs/" + a.id()));
      }
      return;
    }
    String allocId = s.get(2);
    if (s.size() == 3) {
      allow(req, method, "GET", "DELETE");
      id(allocId, "Alloc");
      send(reply, 200, json.alloc(value(method.equals("GET") ? leases.get(allocId) : leases.free(allocId))), Map.of());
      return;
    }
    switch (s.get(3)) {
      case "keepalive" -> {
        if (s.size() != 4) {
          throw notFound(req);
        }
        allow(req, method, "POST");
        id(allocId, "Alloc");
        send(reply, 200, json.granted(value(leases.keepalive(allocId, requests.keepalive(req.body())))), Map.of());
      }
      case "execs" -> execs(req, method, allocId, reply);
      case "tar" -> {
        if (s.size() != 4) {
          throw notFound(req);
        }
        allow(req, method, "GET");
        id(allocId, "Alloc");
        tar(allocId, req.query(), reply);
      }
      case "files" -> {
        allow(req, method, "GET");
        id(allocId, "Alloc");
        file(allocId, s.subList(4, s.size()), reply);
      }
      default -> throw notFound(req);
    }
  }

  private void execs(LeaseExchange.Request req, String method, String allocId, Once reply) throws IOException {
    List<String> s = req.segments();
    if (s.size() == 4) {
      allow(req, method, "POST");
      id(allocId, "Alloc");
      var e = value(leases.exec(allocId, requests.exec(req.body())));
      send(reply, 201, json.exec(e), Map.of("Location", "/v2/allocs/" + allocId + "/execs/" + e.id()));
      return;
    }
    String execId = s.get(4);
    if (s.size() == 5) {
      allow(req, method, "GET");
      id(allocId, "Alloc");
      id(execId, "Exec");
      send(reply, 200, json.exec(value(leases.getExec(allocId, execId))), Map.of());
      return;
    }
    if (s.size() != 6 || !s.get(5).equals("log")) {
      throw notFound(req);
    }
    allow(req, method, "GET");
    id(allocId, "Alloc");
    id(execId, "Exec");
    boolean follow = follow(req.query().get("follow"));
    LazyStream out = new LazyStream(reply, TEXT, follow);
    Optional<LeaseResult.Failed<Void>> failed = leases.log(allocId, execId, follow, out);
    if (failed.isPresent() && !out.opened()) {
      throw new ApiException(failed.get().failure().status(), failed.get().message());
    }
    out.close();
  }

  private void file(String allocId, List<String> parts, Once reply) throws IOException {
    if (parts.isEmpty()) {
      throw ApiException.badRequest("Missing file path: GET /v2/allocs/" + allocId + "/files/<path under /alloc>");
    }
    for (String p : parts) {
      if (p.equals(".") || p.equals("..") || p.indexOf('\0') >= 0 || p.indexOf('/') >= 0 || p.indexOf('\\') >= 0) {
        throw ApiException.badRequest("Invalid file path '" + LeaseRequests.shorten(String.join("/", parts))
            + "': a path under /alloc, without '.' or '..' segments");
      }
    }
    Path path = value(leases.file(allocId, String.join("/", parts)));
    InputStream in;
    long size;
    try {
      in = Files.newInputStream(path);
      size = Files.size(path);
    } catch (NoSuchFileException e) {
      throw ApiException.notFound("File not found: " + LeaseRequests.shorten(String.join("/", parts)));
    }
    try (in; OutputStream out = reply.open(200, BYTES, Map.of("Content-Length", Long.toString(size)))) {
      in.transferTo(out);
    }
  }

  /** {@code GET /v2/allocs/{id}/tar?path=out&max_bytes=N}: a bounded tar of a scratch sub-directory. */
  private void tar(String allocId, Map<String, String> query, Once reply) throws IOException {
    String path = query.getOrDefault("path", "");
    if (path.isEmpty()) {
      throw ApiException.badRequest("Missing path: GET /v2/allocs/" + allocId + "/tar?path=<directory under /alloc>");
    }
    long max = ScratchTar.DEFAULT_MAX_BYTES;
    String raw = query.get("max_bytes");
    if (raw != null && !raw.isEmpty()) {
      try {
        max = Long.parseLong(raw.strip());
      } catch (NumberFormatException e) {
        max = -1;
      }
      if (max < 0 || max > ScratchTar.MAX_MAX_BYTES) {
        throw ApiException.badRequest("Invalid max_bytes '" + LeaseRequests.shorten(raw) + "': a whole number from 0"
            + " to " + ScratchTar.MAX_MAX_BYTES);
      }
    }
    Path scratch = value(leases.scratch(allocId));
    ScratchTar tar = switch (ScratchTar.of(scratch, path)) {
      case ScratchTar.Resolved.Tar t -> t.tar();
      case ScratchTar.Resolved.Refused r -> throw ApiException.badRequest("Invalid path: " + r.message());
    };
    if (tar.bytes() > max) {
      throw new ApiException(413, "The tar of " + LeaseRequests.shorten(path) + " in alloc " + allocId + " would be "
          + tar.bytes() + " bytes, over the bound of " + max + " bytes (max_bytes)");
    }
    try (OutputStream out = reply.open(200, "application/x-tar")) {
      tar.write(out);
    }
  }

  private static boolean follow(String raw) {
    if (raw == null || raw.isEmpty() || raw.equals("false")) {
      return false;
    }
    if (raw.equals("true")) {
      return true;
    }
    throw ApiException.badRequest("Invalid follow '" + LeaseRequests.shorten(raw) + "': use true or false");
  }

  /** The value of a result, or its refusal as an error answer. */
  private static <T> T value(LeaseResult<T> result) {
    return switch (result) {
      case LeaseResult.Ok<T> ok -> ok.value();
      case LeaseResult.Failed<T> f -> throw new ApiException(f.failure().status(), f.message());
    };
  }

  /** An id that cannot be one names nothing: 404 without asking the node. */
  private static void id(String id, String what) {
    if (!ID.matcher(id).matches()) {
      throw ApiException.notFound(what + " not found: " + LeaseRequests.shorten(id));
    }
  }

  private static void allow(LeaseExchange.Request req, String method, String... allowed) {
    for (String a : allowed) {
      if (a.equals(method)) {
        return;
      }
    }
    throw new WrongMethod(String.join(", ", allowed), "Method not allowed: " + req.method() + " " + path(req));
  }

  private static ApiException notFound(LeaseExchange.Request req) {
    return ApiException.notFound("Path not found: " + req.method() + " " + path(req));
  }

  private static String path(LeaseExchange.Request req) {
    return LeaseRequests.shorten("/" + String.join("/", req.segments()));
  }

  private void send(Once reply, int status, JsonNode body, Map<String, String> headers) throws IOException {
    byte[] bytes = ErrorBodies.terminated(status, json.bytes(body));
    try (OutputStream out = reply.open(status, JSON, headers)) {
      out.write(bytes);
    }
  }

  private void refuse(Once reply, int status, String message, Map<String, String> headers) throws IOException {
    if (reply.opened) {
      return; // the answer is under way: the transport ends it short, which the client sees
    }
    send(reply, status, json.error(message), headers);
  }

  /** A 405, carrying the methods the path has. */
  private static final class WrongMethod extends RuntimeException {
    WrongMethod(String allow, String message) {
      super(message, null, false, false);
      this.allow = allow;
    }

    final String allow;
  }

  /** The reply, remembering whether it was opened. */
  static final class Once implements LeaseExchange.Reply {
    private final LeaseExchange.Reply reply;
    boolean opened;

    Once(LeaseExchange.Reply reply) {
      this.reply = reply;
    }

    @Override
    public OutputStream open(int status, String contentType) throws IOException {
      return open(status, contentType, Map.of());
    }

    @Override
    public OutputStream open(int status, String contentType, Map<String, String> headers) throws IOException {
      if (opened) {
        throw new IllegalStateException("the reply is already open");
      }
      opened = true;
      return reply.open(status, contentType, headers);
    }
  }
}
