package io.hearth.server.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dashboard's live events: producers {@link #publish} (a call recorded, a node's status, the
 * overview's numbers, a job's or an alloc's state) and each browser's {@code GET /v2/events} stream
 * reads its own {@link Subscription}. A subscription buffers at most {@link #BUFFER} events; one
 * that falls that far behind is dropped (its stream ends, the page reconnects), so a slow client
 * never blocks a producer nor holds memory. {@code publish} never blocks.
 *
 * <p>State: the set of subscriptions is concurrent; each subscription's queue is its own
 * (producers offer, its one stream polls).
 */
public final class EventHub implements AutoCloseable {
  /** Events one client may have unread: some seconds of a busy cluster; then it is dropped. */
  static final int BUFFER = 512;

  /** One event, its data already JSON: written once, sent to every subscriber as is. */
  public record Event(String type, String json) {}

  private static final Event END = new Event("", "");

  private final ObjectMapper mapper;
  private final Set<Subscription> subscribers = ConcurrentHashMap.newKeySet();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean closed;

  public EventHub(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** Sends an event of {@code type} to every subscriber; never blocks. */
  public void publish(String type, Map<String, ?> data) {
    if (subscribers.isEmpty()) {
      return;
    }
    Event event = event(type, data);
    published.incrementAndGet();
    for (Subscription s : subscribers) {
      if (!s.queue.offer(event)) {
        dropped.incrementAndGet();
        s.overflow();
      }
    }
  }

  /** An event as the hub sends it, its data written as JSON once. */
  public Event event(String type, Map<String, ?> data) {
    try {
      return new Event(type, mapper.writeValueAsString(data));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("an event's data must be JSON: " + e.getMessage(), e);
    }
  }

  /** Whether anyone is listening: producers that must work for an event (a query) may skip it. */
  public boolean watched() {
    return !subscribers.isEmpty();
  }

  public Subscription subscribe() {
    Subscription s = new Subscription();
    subscribers.add(s);
    if (closed) {
      s.close();
    }
    return s;
  }

  /** How many are listening, and how many were dropped for falling behind. */
  public record Stats(int subscribers, long published, long dropped) {}

  public Stats stats() {
    return new Stats(subscribers.size(), published.get(), dropped.get());
  }

  /** Ends every stream (the server is stopping). */
  @Override
  public void close() {
    closed = true;
    subscribers.forEach(Subscription::close);
  }

  /** One client's events. */
  public final class Subscription implements AutoCloseable {
    private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(BUFFER + 1);
    private volatile boolean ended;

    private Subscription() {}

    /**
     * The next event, or null when none came within {@code wait}; throws {@link Ended} once the
     * subscription is over (dropped for falling behind, or the hub closed).
     */
    public Event next(Duration wait) throws InterruptedException, Ended {
      if (ended) {
        throw new Ended();
      }
      Event e = queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
      if (e == END || ended) {
        throw new Ended();
      }
      return e;
    }

    private void overflow() {
      close();
    }

    @Override
    public void close() {
      ended = true;
      subscribers.remove(this);
      queue.clear();
      queue.offer(END); // wakes the stream's poll
    }
  }

  /** The subscription is over: dropped for falling behind, or the hub closed. */
  public static final class Ended extends Exception {
    Ended() {
      super(null, null, false, false);
    }
  }
}
