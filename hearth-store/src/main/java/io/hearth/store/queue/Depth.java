package io.hearth.store.queue;

import java.time.Instant;

/** A function's async calls waiting and running now, and when the oldest waiting one was accepted (null if none). */
public record Depth(String fnId, long queued, long running, Instant oldestQueued) {}
