package io.hearth.server.jobs;

import io.hearth.server.http.ErrorBodies;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.core.id.Ids;
import io.hearth.core.job.Refused;
import io.hearth.core.time.Clock;
import io.hearth.protocol.LeaseExchange;
import io.hearth.server.http.ApiException;
import io.hearth.server.http.ApiHandler;
import io.hearth.server.http.Router;
import io.hearth.server.leases.LeaseRoutes;
import io.hearth.store.Page;
import io.hearth.store.StoreException;
import io.hearth.store.jobs.JobChange;
import io.hearth.store.jobs.JobRow;
import io.hearth.store.jobs.JobStore;
import java.io.IOException;
import java.io.OutputStream;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs API ({@code /v2/jobs/**}) over a {@link JobStore}, transport-neutral like the leases API
 * and served over the HTTP front by {@link LeaseRoutes#serve}. Every change goes through the
 * store's guarded writes, so the API follows the job rules exactly: a refusal is 409 ({@code
 * cannot change from X to Y}, or the lock rule's message) or 403 (another dispatcher's lock), an
 * unknown job 404, bad input 400 naming the field, another method 405 with {@code Allow}. An
 * attempt's {@code /log} and {@code /output} are {@link AttemptFiles}'. Stateless and thread-safe;
 * each call blocks its thread on the store (a followed log, until its attempt ends).
 */
public final class JobsApi implements LeaseExchange.Handler {
  private static final Logger log = LoggerFactory.getLogger(JobsApi.class);
  private static final String JSON = "application/json";
  /** What a job id can look like; anything else names nothing. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,200}");

  private final JobStore store;
  private final Ids ids;
  private final InstantSource clock;
  private final JobRequests requests;
  private final JobsJson json;
  private final AttemptFiles files;

  /** Without the node's allocs API: a running attempt's log is not relayed (ended attempts' are served). */
  public JobsApi(JobStore store, Ids ids, InstantSource clock, ObjectMapper mapper) {
    this(store, ids, Clock.system(), mapper, Optional.empty(), clock);
  }

  /**
   * @param allocs the node's allocs API handler ({@code LeasesApi} on an all-in-one node, {@code
   *     ClusterLeases} on an api node), through which a running attempt's exec log is relayed
   */
  public JobsApi(JobStore store, Ids ids, Clock clock, ObjectMapper mapper, LeaseExchange.Handler allocs) {
    this(store, ids, clock, mapper, Optional.of(allocs), clock);
  }

  private JobsApi(JobStore store, Ids ids, Clock waits, ObjectMapper mapper, Optional<LeaseExchange.Handler> allocs,
      InstantSource clock) {
    this.store = store;
    this.ids = ids;
    this.clock = clock;
    this.requests = new JobRequests(mapper);
    this.json = new JobsJson(mapper);
    this.files = new AttemptFiles(store, allocs, waits);
  }

  /** Registers {@code /v2/jobs/**} on {@code router}, answered by this API. */
  public void register(Router router) {
    router.on(Router.ANY, "/v2/jobs/**", ex -> LeaseRoutes.serve(ex, this));
  }

  @Override
  public void handle(LeaseExchange.Request request, LeaseExchange.Reply reply) throws IOException {
    try {
      route(request, reply);
    } catch (WrongMethod e) {
      send(reply, 405, json.message(e.getMessage()), Map.of("Allow", e.allow));
    } catch (ApiException e) {
      send(reply, e.status(), json.message(e.getMessage()), Map.of());
    } catch (StoreException.Unavailable e) {
      log.warn("{} {}: {}", request.method(), path(request), e.getMessage());
      send(reply, 503, json.message(ApiHandler.DATASTORE_UNAVAILABLE),
          Map.of("Retry-After", "1"));
    } catch (RuntimeException e) {
      log.error("{} {} failed", request.method(), path(request), e);
      send(reply, 500, json.message("Internal error; the server log has the details"), Map.of());
    }
  }

  private void route(LeaseExchange.Request req, LeaseExchange.Reply reply) throws IOException {
    List<String> s = req.segments();
    String method = req.method().equals("HEAD") ? "GET" : req.method();
    if (s.size() < 2 || !s.get(0).equals("v2") || !s.get(1).equals("jobs") || s.size() > 4) {
      throw notFound(req);
    }
    if (s.size() == 2) {
      allow(req, method, "GET", "POST");
      if (method.equals("GET")) {
        send(reply, 200, json.page(list(req.query())), Map.of());
      } else {
        JobRow job = submit(req.body());
        send(reply, 201, json.job(job), Map.of("Location", "/v2/jobs/" + job.id()));
      }
      return;
    }
    String id = s.get(2);
    if (s.size() == 3) {
      allow(req, method, "GET", "PATCH");
      if (method.equals("GET")) {
        send(reply, 200, json.job(job(id)), Map.of());
      } else {
        changed(id, store.update(checked(id), requests.patch(req.body())), reply);
      }
      return;
    }
    switch (s.get(3)) {
      case "cancel" -> {
        allow(req, method, "POST");
        changed(id, store.cancel(checked(id), null, clock.instant()), reply);
      }
      case "lock" -> {
        allow(req, method, "POST");
        changed(id, store.lock(checked(id), requests.dispatcher(req.body())), reply);
      }
      case "unlock" -> {
        allow(req, method, "POST");
        changed(id, store.unlock(checked(id), requests.dispatcher(req.body()), clock.instant()), reply);
      }
      case "attempts" -> {
        allow(req, method, "GET");
        job(id);
        send(reply, 200, json.attempts(store.attempts(id)), Map.of());
      }
      case "log" -> {
        allow(req, method, "GET");
        files.log(job(id), req.query(), reply);
      }
      case "output" -> {
        allow(req, method, "GET");
        files.output(job(id), req.query(), reply);
      }
      default -> throw notFound(req);
    }
  }

  private Page<JobRow> list(Map<String, String> query) {
    return switch (requests.list(query)) {
      case JobRequests.ListRequest.Newest n -> store.list(n.query());
      case JobRequests.ListRequest.Scheduler q -> {
        try {
          yield store.schedulerOrder(q.limit(), q.cursor());
        } catch (IllegalArgumentException e) {
          throw ApiException.badRequest(
              "Invalid cursor: pass the next_cursor of the previous page in scheduler order unchanged");
        }
      }
    };
  }

  private JobRow submit(byte[] body) {
    JobRow job = requests.submit(body, ids.next(), clock.instant());
    try {
      store.insert(job);
    } catch (StoreException.Conflict e) {
      throw new ApiException(409, "A job with id " + job.id() + " exists; submit again");
    }
    return job;
  }

  /** The answer to a guarded change: the job as it is now, or the refusal. */
  private void changed(String id, JobChange change, LeaseExchange.Reply reply) throws IOException {
    switch (change) {
      case JobChange.Applied a -> send(reply, 200, json.job(job(id)), Map.of());
      case JobChange.NotFound n -> throw ApiException.notFound(n.message());
      case JobChange.Refusal r -> throw new ApiException(
          r.refused().kind() == Refused.Kind.FORBIDDEN ? 403 : 409, r.message());
    }
  }

  private JobRow job(String id) {
    return store.get(checked(id)).orElseThrow(() -> ApiException.notFound("Job not found: " + JobRequests.shorten(id)));
  }

  /** An id that cannot be one names nothing: 404 without asking the store. */
  private static String checked(String id) {
    if (!ID.matcher(id).matches()) {
      throw ApiException.notFound("Job not found: " + JobRequests.shorten(id));
    }
    return id;
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
    return JobRequests.shorten("/" + String.join("/", req.segments()));
  }

  private void send(LeaseExchange.Reply reply, int status, JsonNode body, Map<String, String> headers)
      throws IOException {
    byte[] bytes = ErrorBodies.terminated(status, json.bytes(body));
    try (OutputStream out = reply.open(status, JSON, headers)) {
      out.write(bytes);
    }
  }

  /** A 405, carrying the methods the path has. */
  private static final class WrongMethod extends RuntimeException {
    final String allow;

    WrongMethod(String allow, String message) {
      super(message, null, false, false);
      this.allow = allow;
    }
  }
}
