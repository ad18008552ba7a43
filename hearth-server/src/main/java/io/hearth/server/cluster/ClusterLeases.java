package io.hearth.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.ChannelCredentials;
import io.hearth.core.ledger.Resources;
import io.hearth.lb.LeaseCall;
import io.hearth.protocol.LeaseExchange;
import io.hearth.store.leases.LeaseStore;
import io.hearth.store.runners.RunnerRow;
import io.hearth.store.runners.RunnerStore;
import io.hearth.server.http.ErrorBodies;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The allocs API of an api node, for the whole cluster (see the package comment for the flow):
 * offers gathered from every live runner, allocs placed on or routed to the runner their id names,
 * the alloc list read from the shared lease store. Every error is JSON with a message. Stateless
 * apart from its collaborators; thread-safe.
 */
public final class ClusterLeases implements LeaseExchange.Handler, AutoCloseable {
  /** Offers tried for one alloc before giving up: each refusal means the cluster moved meanwhile. */
  static final int MAX_ATTEMPTS = 6;

  /**
   * @param offersDeadline  longest a runner may take to start answering for its offer
   * @param forwardDeadline longest a runner may take to start answering anything else
   * @param runnerTtl       a runner with no heartbeat for this long is silent (named unreachable)
   */
  public record Settings(Duration offersDeadline, Duration forwardDeadline, Duration runnerTtl) {
    public Settings {
      Objects.requireNonNull(offersDeadline, "offersDeadline");
      Objects.requireNonNull(forwardDeadline, "forwardDeadline");
      Objects.requireNonNull(runnerTtl, "runnerTtl");
    }
  }

  private final RunnerStore runners;
  private final AllocListing listing;
  private final Forwarder forwarder;
  private final InstantSource clock;
  private final RandomGenerator random;
  private final ObjectMapper mapper;
  private final Settings settings;

  ClusterLeases(RunnerStore runners, AllocListing listing, Forwarder forwarder, InstantSource clock,
      RandomGenerator random, ObjectMapper mapper, Settings settings) {
    this.runners = runners;
    this.listing = listing;
    this.forwarder = forwarder;
    this.clock = clock;
    this.random = random;
    this.mapper = mapper;
    this.settings = settings;
  }

  /** Over the runner protocol, calling runners with {@code credentials}; the list read from {@code leases}. */
  public static ClusterLeases over(RunnerStore runners, LeaseStore leases, ChannelCredentials credentials,
      InstantSource clock, RandomGenerator random, ObjectMapper mapper, Settings settings) {
    return new ClusterLeases(runners, new AllocListing(leases, clock, mapper), new GrpcForwarder(credentials), clock,
        random, mapper, settings);
  }

  /** Registers the allocs API on an api node's router. */
  public void register(io.hearth.server.http.Router router) {
    io.hearth.server.leases.LeaseRoutes.register(router, this);
  }

  @Override
  public void handle(LeaseExchange.Request request, LeaseExchange.Reply reply) throws IOException {
    List<String> s = request.segments();
    String method = request.method();
    if (s.size() == 2 && s.get(0).equals("v2") && s.get(1).equals("offers")) {
      if (!method.equals("GET") && !method.equals("HEAD")) {
        error(reply, 405, "Method not allowed: " + method + " /v2/offers (use GET)");
        return;
      }
      offers(reply);
    } else if (s.size() == 2 && s.get(0).equals("v2") && s.get(1).equals("allocs")) {
      switch (method) {
        case "GET", "HEAD" -> listing.list(request.query(), reply);
        case "POST" -> create(request, reply);
        default -> error(reply, 405, "Method not allowed: " + method + " /v2/allocs (use GET or POST)");
      }
    } else if (s.size() >= 3 && s.get(0).equals("v2") && s.get(1).equals("allocs")) {
      route(s.get(2), request, reply);
    } else {
      error(reply, 404, "Path not found: " + method + " /" + String.join("/", s));
    }
  }

  private Roster roster() {
    return Roster.of(runners.list(), clock.instant(), settings.runnerTtl());
  }

  private void offers(LeaseExchange.Reply reply) throws IOException {
    OfferGathering.Gathered g = OfferGathering.gather(roster(), forwarder, settings.offersDeadline(), mapper);
    ObjectNode out = mapper.createObjectNode();
    ArrayNode items = out.putArray("items");
    g.offers().forEach(o -> items.add(o.item()));
    ArrayNode unreachable = out.putArray("unreachable");
    g.unreachable().keySet().forEach(unreachable::add);
    ObjectNode why = out.putObject("unreachable_reasons");
    g.unreachable().forEach(why::put);
    json(reply, 200, out);
  }

  private void create(LeaseExchange.Request request, LeaseExchange.Reply reply) throws IOException {
    ObjectNode body;
    Resources wanted;
    try {
      JsonNode root = mapper.readTree(request.body());
      if (root == null || !root.isObject()) {
        error(reply, 400, "Invalid JSON: the body must be an object such as {\"owner\": \"ada\", \"resources\": "
            + "{\"memory_bytes\": 1073741824, \"cpu_mcpus\": 1000}}");
        return;
      }
      body = (ObjectNode) root;
      wanted = ResourcesJson.read(body.get("resources"), "resources");
    } catch (IOException e) {
      error(reply, 400, "Invalid JSON");
      return;
    } catch (IllegalArgumentException e) {
      error(reply, 400, e.getMessage());
      return;
    }
    JsonNode offerId = body.get("offer_id");
    if (offerId != null && !offerId.isNull()) {
      if (!offerId.isTextual() || offerId.asText().isEmpty()) {
        error(reply, 400, "'offer_id' must be the id of an offer from GET /v2/offers");
        return;
      }
      Optional<RunnerRow> runner = roster().owner(offerId.asText());
      if (runner.isEmpty()) {
        error(reply, 409, "offer expired: offer " + offerId.asText() + " names node "
            + Roster.namedNode(offerId.asText()) + ", which is not a registered runner; GET /v2/offers for current ones");
        return;
      }
      forwardTo(runner.get(), request, reply);
      return;
    }
    place(body, wanted, reply);
  }

  /** No offer id: the closest fit among the offers that hold it, then the next while they refuse. */
  private void place(ObjectNode body, Resources wanted, LeaseExchange.Reply reply) throws IOException {
    Roster roster = roster();
    OfferGathering.Gathered g = OfferGathering.gather(roster, forwarder, settings.offersDeadline(), mapper);
    String unreachableNote = g.unreachable().isEmpty() ? ""
        : " (runners not answering, which may have room: " + String.join(", ", g.unreachable().keySet()) + ")";
    Placement.Choice choice = Placement.choose(g.offers(), wanted, g.capacitiesKnown(), random);
    switch (choice) {
      case Placement.Choice.NeverFits n -> error(reply, 400, n.message());
      case Placement.Choice.ShortNow s -> error(reply, 503, s.message() + unreachableNote);
      case Placement.Choice.Candidates c -> {
        String last = null;
        int attempts = 0;
        for (ClusterOffer offer : c.inOrder()) {
          if (attempts++ == MAX_ATTEMPTS) {
            break;
          }
          Optional<RunnerRow> runner = roster.owner(offer.id());
          if (runner.isEmpty()) {
            last = "offer " + offer.id() + " names no registered runner";
            continue;
          }
          ObjectNode accept = body.deepCopy();
          accept.put("offer_id", offer.id());
          LeaseExchange.Request r = new LeaseExchange.Request("POST", List.of("v2", "allocs"), Map.of(),
              mapper.writeValueAsBytes(accept));
          BufferedReply answer = new BufferedReply();
          LeaseCall.Outcome outcome = forwarder.forward(runner.get(), r, settings.forwardDeadline(), answer);
          if (outcome instanceof LeaseCall.Outcome.Unreachable u) {
            last = "runner " + runner.get().id() + " is unreachable: " + u.reason();
            continue;
          }
          if (answer.status == 409 || answer.status == 503) {
            last = "runner " + runner.get().id() + " answered " + answer.status + ": "
                + OfferGathering.message(answer, mapper);
            continue;
          }
          answer.copyTo(reply);
          return;
        }
        error(reply, 503, "The runners that had room took other work meanwhile; try again (last: " + last + ")");
      }
    }
  }

  /** Everything under {@code /v2/allocs/{id}}: to the runner the id names. */
  private void route(String allocId, LeaseExchange.Request request, LeaseExchange.Reply reply) throws IOException {
    Optional<RunnerRow> runner = roster().owner(allocId);
    if (runner.isEmpty()) {
      error(reply, 404, "Alloc not found: " + allocId + " names node " + Roster.namedNode(allocId)
          + ", which is not a registered runner (alloc ids are <node id>.<id>, as POST /v2/allocs returned them)");
      return;
    }
    forwardTo(runner.get(), request, reply);
  }

  private void forwardTo(RunnerRow runner, LeaseExchange.Request request, LeaseExchange.Reply reply)
      throws IOException {
    LeaseCall.Outcome outcome = forwarder.forward(runner, request, settings.forwardDeadline(), reply);
    if (outcome instanceof LeaseCall.Outcome.Unreachable u) {
      error(reply, 503, "runner " + runner.id() + " is unreachable: " + u.reason());
    }
  }

  private void json(LeaseExchange.Reply reply, int status, JsonNode body) throws IOException {
    try (OutputStream out = reply.open(status, "application/json")) {
      out.write(ErrorBodies.terminated(status, mapper.writeValueAsBytes(body)));
    }
  }

  private void error(LeaseExchange.Reply reply, int status, String message) throws IOException {
    json(reply, status, mapper.createObjectNode().put("message", message));
  }

  @Override
  public void close() {
    forwarder.close();
  }
}
