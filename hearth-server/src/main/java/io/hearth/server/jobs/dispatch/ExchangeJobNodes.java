package io.hearth.server.jobs.dispatch;

import io.hearth.client.Alloc;
import io.hearth.client.AllocPage;
import io.hearth.client.AllocRequest;
import io.hearth.client.ApiException;
import io.hearth.client.Exec;
import io.hearth.client.ExecRequest;
import io.hearth.client.Granted;
import io.hearth.client.LeasesWire;
import io.hearth.client.Offer;
import io.hearth.client.Offers;
import io.hearth.core.job.dispatch.InstanceType;
import io.hearth.core.job.dispatch.NodeOffer;
import io.hearth.core.ledger.Resources;
import io.hearth.protocol.LeaseExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link JobNodes} over a node's allocs handler, in-process: the same {@link LeaseExchange.Handler}
 * that serves {@code /v2/offers} and {@code /v2/allocs/**} over HTTP ({@code LeasesApi} on an
 * all-in-one node, {@code ClusterLeases} on an api node, which routes to runners), so the
 * dispatcher works the same on one node and on a cluster, without loopback HTTP or tokens. Requests
 * and answers are the API's JSON, written and read by hearth-client's {@link LeasesWire}. It
 * remembers each node's offer id from the last {@link #look} (a concurrent map: thread-safe) so
 * that a take names it without asking every node again; a take on an offer that expired meanwhile
 * asks for fresh offers and tries again.
 */
public final class ExchangeJobNodes implements JobNodes {
  /** Pages of the alloc list read at most (100 each): far more than any node holds live. */
  private static final int MAX_PAGES = 100;

  private final LeaseExchange.Handler handler;
  private final Function<Offers, Look> looks;
  private final Map<String, String> offerIds = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * @param known the nodes jobs may be placed on, each with its class and capacity (its free room is
   *              ignored: the handler's offers say it); on an all-in-one node, the node itself
   */
  public ExchangeJobNodes(LeaseExchange.Handler handler, Supplier<List<NodeOffer>> known) {
    this(handler, offers -> fixed(known.get(), offers));
  }

  private ExchangeJobNodes(LeaseExchange.Handler handler, Function<Offers, Look> looks) {
    this.handler = handler;
    this.looks = looks;
  }

  /**
   * On an api node: the nodes are the runners that make offers through {@code handler} ({@code
   * ClusterLeases}), each of the class its offer declares — one of {@code configured} — or, declaring
   * none, a class of its own capacity ({@link RunnerClasses}).
   */
  public static ExchangeJobNodes cluster(LeaseExchange.Handler handler, List<InstanceType> configured) {
    RunnerClasses runners = new RunnerClasses(configured);
    return new ExchangeJobNodes(handler, runners::look);
  }

  @Override
  public Look look() {
    return looks.apply(offers());
  }

  private static Look fixed(List<NodeOffer> known, Offers offers) {
    Map<String, Resources> free = new HashMap<>();
    for (Offer o : offers.items()) {
      free.put(o.nodeId(), o.available());
    }
    List<NodeOffer> nodes = new ArrayList<>();
    for (NodeOffer n : known) {
      nodes.add(new NodeOffer(n.nodeId(), n.instanceType(), n.capacity(), free.getOrDefault(n.nodeId(), Resources.ZERO)));
    }
    return new Look(nodes, offers.unreachable().isEmpty());
  }

  @Override
  public Alloc take(String nodeId, Resources request, String owner, Map<String, String> labels, Duration keepalive) {
    AllocRequest asked = AllocRequest.of(owner, request).withLabels(labels).withKeepalive(keepalive);
    for (int tries = 0; ; tries++) {
      if (tries > 0 || !offerIds.containsKey(nodeId)) {
        offers();
      }
      Optional<String> offer = Optional.ofNullable(offerIds.get(nodeId));
      if (offer.isEmpty()) {
        throw new ApiException(503, "node " + nodeId + " has no room for a new alloc now");
      }
      try {
        Alloc alloc = LeasesWire.alloc(call("POST", List.of("v2", "allocs"), Map.of(),
            LeasesWire.allocRequest(asked.withOffer(offer.get()))));
        offerIds.remove(nodeId, offer.get()); // the node's offer changed with it
        return alloc;
      } catch (ApiException e) {
        if (e.status() != 409 || tries >= 2) {
          throw e; // an offer that expired meanwhile is asked for again, twice
        }
      }
    }
  }

  /** Every node's offer now, remembering their ids. */
  private Offers offers() {
    Offers offers = LeasesWire.offers(call("GET", List.of("v2", "offers"), Map.of(), new byte[0]));
    offerIds.clear();
    offers.items().forEach(o -> offerIds.put(o.nodeId(), o.id()));
    return offers;
  }

  @Override
  public Granted keepalive(String allocId, Duration interval) {
    return LeasesWire.granted(call("POST", List.of("v2", "allocs", allocId, "keepalive"), Map.of(),
        LeasesWire.keepalive(interval)));
  }

  @Override
  public Exec exec(String allocId, ExecRequest request) {
    return LeasesWire.exec(call("POST", List.of("v2", "allocs", allocId, "execs"), Map.of(),
        LeasesWire.execRequest(request)));
  }

  @Override
  public Exec getExec(String allocId, String execId) {
    return LeasesWire.exec(call("GET", List.of("v2", "allocs", allocId, "execs", execId), Map.of(), new byte[0]));
  }

  @Override
  public void free(String allocId) {
    try {
      call("DELETE", List.of("v2", "allocs", allocId), Map.of(), new byte[0]);
    } catch (ApiException e) {
      if (e.status() != 404 && e.status() != 410) {
        throw e;
      }
    }
  }

  @Override
  public byte[] log(String allocId, String execId, int maxBytes) {
    byte[] all = call("GET", List.of("v2", "allocs", allocId, "execs", execId, "log"), Map.of(), new byte[0]);
    return all.length <= maxBytes ? all : Arrays.copyOfRange(all, all.length - maxBytes, all.length);
  }

  @Override
  public Output output(String allocId, String path, long maxBytes) {
    try {
      return new Output.Tar(call("GET", List.of("v2", "allocs", allocId, "tar"),
          Map.of("path", path, "max_bytes", Long.toString(maxBytes)), new byte[0]));
    } catch (ApiException e) {
      if (e.status() == 413) {
        return new Output.TooBig(e.serverMessage());
      }
      throw e;
    }
  }

  @Override
  public Allocs allocs() {
    List<Alloc> items = new ArrayList<>();
    for (String state : List.of("active", "expired")) {
      String cursor = null;
      for (int page = 0; page < MAX_PAGES; page++) {
        Map<String, String> query = new HashMap<>(Map.of("state", state, "per_page", "100"));
        if (cursor != null) {
          query.put("cursor", cursor);
        }
        AllocPage p = LeasesWire.allocPage(call("GET", List.of("v2", "allocs"), query, new byte[0]));
        items.addAll(p.items());
        if (p.nextCursor().isEmpty()) {
          break;
        }
        cursor = p.nextCursor().get();
      }
    }
    return new Allocs(items, true);
  }

  /** One request through the handler: the answer's body, or its error as an {@link ApiException}. */
  private byte[] call(String method, List<String> segments, Map<String, String> query, byte[] body) {
    Captured reply = new Captured();
    try {
      handler.handle(new LeaseExchange.Request(method, segments, query, body), reply);
    } catch (IOException e) {
      throw new ApiException(ApiException.NO_ANSWER, method + " /" + String.join("/", segments) + " failed: "
          + e.getMessage(), e);
    }
    if (reply.status == 0) {
      throw new ApiException(ApiException.NO_ANSWER, method + " /" + String.join("/", segments) + " was not answered");
    }
    byte[] answer = reply.body.toByteArray();
    if (reply.status >= 400) {
      throw LeasesWire.failure(reply.status, answer);
    }
    return answer;
  }

  /** An answer gathered in memory. Used by one request's thread. */
  private static final class Captured implements LeaseExchange.Reply {
    int status;
    final ByteArrayOutputStream body = new ByteArrayOutputStream();

    @Override
    public OutputStream open(int status, String contentType) {
      this.status = status;
      return body;
    }
  }
}
