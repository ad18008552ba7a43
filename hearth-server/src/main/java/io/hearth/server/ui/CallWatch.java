package io.hearth.server.ui;

import io.hearth.core.time.Clock;
import io.hearth.store.calls.CallFeed;
import io.hearth.store.calls.CallRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the datastore's call records, whichever node wrote them (this all-in-one node, or the
 * runners behind a cluster's lbs: an api node runs no calls), and turns each new one into a
 * {@code call} event and a point of the {@link Timeline}. Each {@link #look} reads the calls
 * completed since the newest it saw, less {@link #LOOKBACK}: records arrive in batches (a writer
 * flushes every 100 ms) and by their writers' clocks, so one completed a moment before another may
 * be written after it. Ids seen within the lookback are skipped. The first look fills the
 * timeline from the last 15 minutes without events.
 *
 * <p>On a node that is its datastore's only writer (an all-in-one node on its embedded store), the
 * watch is {@link #pushed}: once a look has read the datastore up to its start (the first look,
 * unless the last 15 minutes hold more than it reads at once), it reads nothing back and takes
 * instead the records the node's writer has just written, handed to {@link #written} after each
 * batch. Reading back cost as much as writing: every look re-read the whole lookback, some six
 * times the rows.
 *
 * <p>State: one look at a time (the dashboard's {@code FixedDelay}); fields are that task's, apart
 * from the inbox of written records, which the writer's thread fills under its own lock.
 */
final class CallWatch implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(CallWatch.class);
  /** How late a record may be written after its completion time and still be seen. */
  static final Duration LOOKBACK = Duration.ofSeconds(5);
  static final Duration EVERY = Duration.ofSeconds(1);
  /** Rows read per query; a look reads at most {@link #PAGES} of them (past that, the rest next second). */
  static final int PAGE = 1000;
  static final int PAGES = 10;
  /** Written records held between two looks, at most; past that (a second at 50k calls/s) they are not shown. */
  static final int INBOX = 50_000;

  private final CallFeed feed;
  private final EventHub hub;
  private final Timeline timeline;
  private final Clock clock;
  private final Map<String, Instant> seen = new HashMap<>();
  private Instant newest;
  /** Null when the datastore is read back; else the written records since the last look (guarded by itself). */
  private final List<CallRecord> inbox;
  /** Guarded by inbox. */
  private long overflowed;
  /** Whether a look has read every record up to its own start (a first look reads at most PAGES pages). */
  private boolean caughtUp;

  CallWatch(CallFeed feed, EventHub hub, Timeline timeline, Clock clock) {
    this(feed, hub, timeline, clock, false);
  }

  private CallWatch(CallFeed feed, EventHub hub, Timeline timeline, Clock clock, boolean pushed) {
    this.feed = feed;
    this.hub = hub;
    this.timeline = timeline;
    this.clock = clock;
    this.inbox = pushed ? new ArrayList<>() : null;
  }

  /**
   * A watch whose first look reads the datastore and the rest take what {@link #written} was given:
   * for a node whose own writer is the only one.
   */
  static CallWatch pushed(CallFeed feed, EventHub hub, Timeline timeline, Clock clock) {
    return new CallWatch(feed, hub, timeline, clock, true);
  }

  /** Records the node has just written (the writer's thread, after each batch); cheap, never blocks long. */
  void written(List<CallRecord> batch) {
    synchronized (inbox) {
      int room = INBOX - inbox.size();
      if (batch.size() <= room) {
        inbox.addAll(batch);
      } else {
        inbox.addAll(batch.subList(0, Math.max(0, room)));
        overflowed += batch.size() - Math.max(0, room);
      }
    }
  }

  /** What {@link #written} was given since the last take (the watch's thread). */
  private List<CallRecord> take() {
    List<CallRecord> out;
    long over;
    synchronized (inbox) {
      out = new ArrayList<>(inbox);
      inbox.clear();
      over = overflowed;
      overflowed = 0;
    }
    if (over > 0) {
      log.debug("{} call records written in a second were more than the dashboard keeps ({}): not shown", over, INBOX);
    }
    return out;
  }

  @Override
  public void run() {
    look();
  }

  /** Reads what was recorded since the last look; returns how many calls were new. */
  int look() {
    Instant now = clock.instant();
    boolean first = newest == null;
    Instant from = first ? now.minus(Duration.ofSeconds((long) Timeline.BUCKETS * Timeline.BUCKET.toSeconds()))
        : newest.minus(LOOKBACK);
    int fresh = 0;
    if (inbox != null && caughtUp) {
      for (CallRecord c : take()) { // each once: only those the first look read may come again
        fresh += seen.containsKey(c.id()) ? 0 : see(c, false, false, now);
      }
    } else {
      if (inbox != null) {
        take(); // written before the read below, so in it
      }
      for (int page = 0; page < PAGES; page++) {
        List<CallRecord> calls = feed.completedAfter(from, PAGE);
        for (CallRecord c : calls) {
          fresh += see(c, first, true, now);
        }
        if (calls.size() < PAGE) {
          caughtUp = true;
          break;
        }
        from = calls.getLast().completedAt(); // ties at the page's edge are read again and skipped as seen
      }
    }
    if (newest == null) {
      newest = now;
    }
    Instant forget = newest.minus(LOOKBACK).minus(EVERY);
    seen.values().removeIf(at -> at.isBefore(forget));
    return fresh;
  }

  /**
   * Adds a call to the timeline and (unless {@code quiet}) publishes it; 1 if it was new. With
   * {@code remember}, its id is kept for the lookback, and a call already seen is skipped.
   */
  private int see(CallRecord c, boolean quiet, boolean remember, Instant now) {
    if (remember && seen.putIfAbsent(c.id(), c.completedAt()) != null) {
      return 0;
    }
    timeline.add(c.completedAt(), latencyMicros(c), cause(c), now);
    if (!quiet && hub.watched()) { // its JSON only for someone to read
      hub.publish("call", json(c));
    }
    if (newest == null || c.completedAt().isAfter(newest)) {
      newest = c.completedAt();
    }
    return 1;
  }

  /** From creation to completion: what the caller waited (queue, start and run). */
  static long latencyMicros(CallRecord c) {
    return Math.max(0, Duration.between(c.createdAt(), c.completedAt()).toNanos() / 1_000);
  }

  /** Null for a success; else the status, and for an error the first words of its message. */
  static String cause(CallRecord c) {
    if (c.status().equals("success")) {
      return null;
    }
    if (c.error() == null || c.error().isBlank() || !c.status().equals("error")) {
      return c.status();
    }
    String e = c.error().strip();
    int cut = e.length();
    for (char stop : new char[] {':', '(', ';', '\n'}) {
      int i = e.indexOf(stop);
      if (i > 0) {
        cut = Math.min(cut, i);
      }
    }
    return "error: " + e.substring(0, Math.min(cut, 80)).strip();
  }

  static Map<String, Object> json(CallRecord c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("fn_id", c.fnId());
    m.put("app_id", c.appId());
    m.put("call_id", c.id());
    m.put("status", c.status());
    m.put("created_at", c.createdAt().toString());
    m.put("completed_at", c.completedAt().toString());
    m.put("latency_ms", latencyMicros(c) / 1000.0);
    return m;
  }
}
