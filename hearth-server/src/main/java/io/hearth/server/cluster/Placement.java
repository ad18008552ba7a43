package io.hearth.server.cluster;

import io.hearth.core.ledger.Resources;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.Set;

/**
 * Where an alloc asked without an offer id goes, decided from the offers gathered: the offers that
 * hold the request now, closest fit first — least memory left over, then least CPU left over — so
 * that big holes stay for big requests; ties are shuffled (the injected random) so that callers
 * asking at once spread over equal runners. None holds it: short now (503, naming what is short),
 * or never (400) when every runner's capacity is known and none could ever hold it. Pure.
 */
final class Placement {
  private Placement() {}

  sealed interface Choice {
    /** Offers to try in order: the first whose runner accepts takes the alloc. */
    record Candidates(List<ClusterOffer> inOrder) implements Choice {
      public Candidates {
        inOrder = List.copyOf(inOrder);
        if (inOrder.isEmpty()) {
          throw new IllegalArgumentException("no candidates");
        }
      }
    }

    /** Nothing holds it now; the message names the short resources. */
    record ShortNow(String message) implements Choice {}

    /** No runner could ever hold it, even empty. */
    record NeverFits(String message) implements Choice {}
  }

  /**
   * @param offers              the offers gathered (at most one per runner)
   * @param capacitiesKnown     whether every live runner answered with an offer that says its
   *                            capacity: only then can "never" be decided (a full runner makes no
   *                            offer, and one that did not answer may be the big one)
   */
  static Choice choose(List<ClusterOffer> offers, Resources request, boolean capacitiesKnown, RandomGenerator random) {
    Objects.requireNonNull(request, "request");
    List<ClusterOffer> fit = new ArrayList<>();
    for (ClusterOffer o : offers) {
      if (o.available().covers(request)) {
        fit.add(o);
      }
    }
    if (!fit.isEmpty()) {
      Collections.shuffle(fit, random); // then a stable sort: equal fits stay shuffled
      fit.sort(Comparator.comparingLong((ClusterOffer o) -> o.available().memoryBytes() - request.memoryBytes())
          .thenComparingLong(o -> o.available().cpuMillis() - request.cpuMillis()));
      return new Choice.Candidates(fit);
    }
    boolean couldEver = offers.stream().anyMatch(o -> o.capacity().isEmpty()
        || o.capacity().get().fits(Resources.ZERO, request));
    if (capacitiesKnown && !offers.isEmpty() && !couldEver) {
      return new Choice.NeverFits("No runner could ever hold " + describe(request) + ": the largest has "
          + largest(offers, request) + " in all");
    }
    return new Choice.ShortNow(shortMessage(offers, request));
  }

  /** Which resources no single offer has enough of, with the most any has; or that none has all at once. */
  static String shortMessage(List<ClusterOffer> offers, Resources request) {
    if (offers.isEmpty()) {
      return "No runner has resources free now for " + describe(request) + ": every live runner is full";
    }
    List<String> short_ = new ArrayList<>();
    for (String name : names(request)) {
      long want = request.amount(name);
      long most = offers.stream().mapToLong(o -> o.available().amount(name)).max().orElse(0);
      if (most < want) {
        short_.add(ResourcesJson.wireName(name) + " (asked " + want + ", at most " + most + " free on one runner)");
      }
    }
    if (short_.isEmpty()) {
      return "No single runner has all of " + describe(request) + " free now, though each resource is free "
          + "somewhere; try again later or ask for less";
    }
    return "Not enough free now for " + describe(request) + ": short of " + String.join(", ", short_)
        + "; try again later or ask for less";
  }

  private static String largest(List<ClusterOffer> offers, Resources request) {
    List<String> parts = new ArrayList<>();
    for (String name : names(request)) {
      long most = offers.stream().mapToLong(o -> o.capacity().map(c -> c.amount(name)).orElse(0L)).max().orElse(0);
      parts.add(ResourcesJson.wireName(name) + " " + most);
    }
    return String.join(", ", parts);
  }

  private static Set<String> names(Resources r) {
    Set<String> names = new LinkedHashSet<>();
    if (r.memoryBytes() > 0) {
      names.add(Resources.MEMORY);
    }
    if (r.cpuMillis() > 0) {
      names.add(Resources.CPU);
    }
    names.addAll(r.named().keySet());
    return names;
  }

  static String describe(Resources r) {
    List<String> parts = new ArrayList<>();
    for (String name : names(r)) {
      parts.add(ResourcesJson.wireName(name) + " " + r.amount(name));
    }
    return parts.isEmpty() ? "nothing" : String.join(", ", parts);
  }
}
