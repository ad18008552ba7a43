package io.hearth.server.ui;

import io.hearth.core.time.Clock;
import io.hearth.store.calls.CallFeed;
import io.hearth.store.calls.CallRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Watches the datastore's call records, whichever node wrote them (this all-in-one node, or the
 * runners behind a cluster's lbs: an api node runs no calls), and turns each new one into a
 * {@code call} event and a point of the {@link Timeline}. Each {@link #look} reads the calls
 * completed since the newest it saw, less {@link #LOOKBACK}: records arrive in batches (a writer
 * flushes every 100 ms) and by their writers' clocks, so one completed a moment before another may
 * be written after it. Ids seen within the lookback are skipped. The first look fills the
 * timeline from the last 15 minutes without events.
 *
 * <p>State: one look at a time (the dashboard's {@code FixedDelay}); fields are that task's.
 */
final class CallWatch implements Runnable {
  /** How late a record may be written after its completion time and still be seen. */
  static final Duration LOOKBACK = Duration.ofSeconds(5);
  static final Duration EVERY = Duration.ofSeconds(1);
  /** Rows read per query; a look reads at most {@link #PAGES} of them (past that, the rest next second). */
  static final int PAGE = 1000;
  static final int PAGES = 10;

  private final CallFeed feed;
  private final EventHub hub;
  private final Timeline timeline;
  private final Clock clock;
  private final Map<String, Instant> seen = new HashMap<>();
  private Instant newest;

  CallWatch(CallFeed feed, EventHub hub, Timeline timeline, Clock clock) {
    this.feed = feed;
    this.hub = hub;
    this.timeline = timeline;
    this.clock = clock;
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
    for (int page = 0; page < PAGES; page++) {
      List<CallRecord> calls = feed.completedAfter(from, PAGE);
      for (CallRecord c : calls) {
        if (seen.putIfAbsent(c.id(), c.completedAt()) != null) {
          continue;
        }
        fresh++;
        timeline.add(c.completedAt(), latencyMicros(c), cause(c), now);
        if (!first) {
          hub.publish("call", json(c));
        }
        if (newest == null || c.completedAt().isAfter(newest)) {
          newest = c.completedAt();
        }
      }
      if (calls.size() < PAGE) {
        break;
      }
      from = calls.getLast().completedAt(); // ties at the page's edge are read again and skipped as seen
    }
    if (newest == null) {
      newest = now;
    }
    Instant forget = newest.minus(LOOKBACK).minus(EVERY);
    seen.values().removeIf(at -> at.isBefore(forget));
    return fresh;
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
