package io.hearth.server.ui;

import io.hearth.store.jobs.JobRow;
import io.hearth.store.jobs.JobSignals;
import io.hearth.store.jobs.JobStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's {@code job} events ({@code {id, state, priority}}): one each time a job is
 * submitted, changes state or priority, on whichever node made the change. It watches the queue
 * (the first {@value JobStore#MAX_QUEUE_PAGE} jobs of the scheduler order; changes deeper in a
 * longer queue show once they move up) and looks again whenever the store signals a change — the
 * signal the dispatcher wakes on: in-process on H2, {@code LISTEN}/{@code NOTIFY} on PostgreSQL, so
 * every api node hears every node's changes — and every few seconds besides. A job that left the
 * queue is read once to publish its final state.
 */
public final class JobEvents implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JobEvents.class);
  /** A look without a signal now and then: a signal lost with a datastore connection costs at most this. */
  private static final Duration PERIOD = Duration.ofSeconds(5);

  /** What the page shows of a job, and what a change of which is an event. */
  record Seen(String id, String state, int priority) {
    static Seen of(JobRow j) {
      return new Seen(j.id(), j.state().wire(), j.priority().value());
    }

    Map<String, Object> data() {
      return Map.of("id", id, "state", state, "priority", priority);
    }
  }

  private final StoreWatch<Seen> watch;
  private final AutoCloseable subscription;

  private JobEvents(StoreWatch<Seen> watch, AutoCloseable subscription) {
    this.watch = watch;
    this.subscription = subscription;
  }

  public static JobEvents start(JobStore store, JobSignals signals, EventHub hub) {
    StoreWatch<Seen> watch = StoreWatch.start("jobs", source(store), s -> hub.publish("job", s.data()), PERIOD,
        hub::watched);
    return new JobEvents(watch, signals.subscribe(watch::poke));
  }

  static StoreWatch.Source<Seen> source(JobStore store) {
    return new StoreWatch.Source<>() {
      @Override
      public Map<String, Seen> live() {
        Map<String, Seen> queue = new LinkedHashMap<>();
        store.schedulerOrder(JobStore.MAX_QUEUE_PAGE, null).items().forEach(j -> queue.put(j.id(), Seen.of(j)));
        return queue;
      }

      @Override
      public Optional<Seen> ended(String id) {
        return store.get(id).map(Seen::of);
      }
    };
  }

  @Override
  public void close() {
    try {
      subscription.close();
    } catch (Exception e) {
      log.debug("closing the jobs subscription", e);
    }
    watch.close();
  }
}
