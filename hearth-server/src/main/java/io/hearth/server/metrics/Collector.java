package io.hearth.server.metrics;

import java.util.List;

/** Something that contributes metric families to a scrape; called on the scraping thread. */
@FunctionalInterface
interface Collector {
  List<MetricFamily> collect();
}
