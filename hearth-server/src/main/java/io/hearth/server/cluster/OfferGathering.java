package io.hearth.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.lb.LeaseCall;
import io.hearth.protocol.LeaseExchange;
import io.hearth.store.runners.RunnerRow;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Asks every live runner for its offer at once, each on a virtual thread, and waits at most the
 * deadline (plus a margin for the body of an answer that started in time). A runner that fails,
 * answers something other than its offers, or misses the deadline is named in {@code unreachable}
 * with why; silent runners are named without being asked. Nothing is hidden.
 */
final class OfferGathering {
  /** Time past the deadline for an answer that started in time to arrive whole. */
  private static final Duration MARGIN = Duration.ofSeconds(1);
  static final LeaseExchange.Request OFFERS = new LeaseExchange.Request("GET", List.of("v2", "offers"), Map.of(),
      new byte[0]);

  private OfferGathering() {}

  /**
   * @param offers          the offers, in the runners' seq order
   * @param unreachable     node id to why, in seq order
   * @param capacitiesKnown every live runner answered with offers that say its capacity
   */
  record Gathered(List<ClusterOffer> offers, Map<String, String> unreachable, boolean capacitiesKnown) {
    Gathered {
      offers = List.copyOf(offers);
      unreachable = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(unreachable));
    }
  }

  /** One runner's answer: its offers, or why there are none to be had. */
  private sealed interface Answer {
    record Offers(List<ClusterOffer> offers) implements Answer {}

    record Failed(String why) implements Answer {}
  }

  static Gathered gather(Roster roster, Forwarder forwarder, Duration deadline, ObjectMapper mapper) {
    List<RunnerRow> live = roster.live();
    List<Callable<Answer>> asks = new ArrayList<>();
    for (RunnerRow r : live) {
      asks.add(() -> ask(r, forwarder, deadline, mapper));
    }
    List<Future<Answer>> futures;
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      futures = asks.isEmpty() ? List.of()
          : threads.invokeAll(asks, deadline.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while gathering offers", e);
    }
    List<ClusterOffer> offers = new ArrayList<>();
    Map<String, String> unreachable = new LinkedHashMap<>();
    boolean known = true;
    for (int i = 0; i < live.size(); i++) {
      RunnerRow r = live.get(i);
      Answer a;
      try {
        a = futures.get(i).get();
      } catch (CancellationException e) {
        a = new Answer.Failed("no answer within " + deadline.toMillis() + " ms");
      } catch (ExecutionException e) {
        a = new Answer.Failed(String.valueOf(e.getCause()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        a = new Answer.Failed("interrupted");
      }
      switch (a) {
        case Answer.Offers o -> {
          offers.addAll(o.offers());
          known &= !o.offers().isEmpty() && o.offers().stream().allMatch(x -> x.capacity().isPresent());
        }
        case Answer.Failed f -> unreachable.put(r.id(), f.why());
      }
    }
    for (Roster.Silent s : roster.silent()) {
      unreachable.put(s.runner().id(), "no heartbeat for " + s.silentFor().toSeconds() + " s");
    }
    return new Gathered(offers, unreachable, known && unreachable.isEmpty());
  }

  private static Answer ask(RunnerRow runner, Forwarder forwarder, Duration deadline, ObjectMapper mapper) {
    BufferedReply reply = new BufferedReply();
    LeaseCall.Outcome outcome;
    try {
      outcome = forwarder.forward(runner, OFFERS, deadline, reply);
    } catch (IOException e) {
      return new Answer.Failed(e.getMessage());
    }
    return switch (outcome) {
      case LeaseCall.Outcome.Unreachable u -> new Answer.Failed(u.reason());
      case LeaseCall.Outcome.Answered a when a.status() != 200 ->
          new Answer.Failed("answered " + a.status() + ": " + message(reply, mapper));
      case LeaseCall.Outcome.Answered a -> parse(runner, reply, mapper);
    };
  }

  /** The runner's offers answer, {@code {"items": [{"id", "node_id", "available", "capacity"?}]}}. */
  static Answer parse(RunnerRow runner, BufferedReply reply, ObjectMapper mapper) {
    try {
      JsonNode root = mapper.readTree(reply.body.toByteArray());
      JsonNode items = root == null ? null : root.get("items");
      if (items == null || !items.isArray()) {
        return new Answer.Failed("answered offers without an items list");
      }
      List<ClusterOffer> offers = new ArrayList<>();
      for (JsonNode item : items) {
        JsonNode id = item.get("id");
        if (id == null || !id.isTextual()) {
          return new Answer.Failed("answered an offer without an id");
        }
        String node = item.hasNonNull("node_id") ? item.get("node_id").asText() : runner.id();
        Optional<io.hearth.core.ledger.Resources> capacity = item.hasNonNull("capacity")
            ? Optional.of(ResourcesJson.read(item.get("capacity"), "capacity")) : Optional.empty();
        offers.add(new ClusterOffer(id.asText(), node, ResourcesJson.read(item.get("available"), "available"),
            capacity, item));
      }
      return new Answer.Offers(offers);
    } catch (IOException | IllegalArgumentException e) {
      return new Answer.Failed("answered offers Hearth cannot read: " + e.getMessage());
    }
  }

  /** The {@code message} of a JSON error answer, else its text. */
  static String message(BufferedReply reply, ObjectMapper mapper) {
    String text = reply.body.toString(java.nio.charset.StandardCharsets.UTF_8);
    try {
      JsonNode root = mapper.readTree(text);
      if (root != null && root.hasNonNull("message")) {
        return root.get("message").asText();
      }
    } catch (IOException e) {
      // not JSON: the text itself
    }
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
