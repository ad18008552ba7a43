package io.hearth.client;

import java.util.List;

/**
 * The answer of {@code GET /v2/offers}.
 *
 * @param items       one offer per node with free memory and CPU
 * @param unreachable the nodes that did not answer in time (on a cluster); their room is unknown
 */
public record Offers(List<Offer> items, List<String> unreachable) {
  public Offers {
    items = List.copyOf(items);
    unreachable = List.copyOf(unreachable);
  }
}
