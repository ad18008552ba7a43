package io.hearth.store;

import io.hearth.core.id.Ids;
import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.core.model.Trigger;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

/** Records to store, with fresh ids and fixed millisecond timestamps. */
public final class Fixtures {

  public static final Instant CREATED = Instant.parse("2024-05-06T07:08:09.123Z");
  public static final Instant UPDATED = Instant.parse("2024-05-06T07:08:10.456Z");

  private final Ids ids = new Ids(Clock.systemUTC(), new Random());

  public String id() {
    return ids.next();
  }

  public App app(String name) {
    return new App(id(), name, Map.of(), Map.of(), null, null, CREATED, UPDATED);
  }

  public Fn fn(App app, String name) {
    return new Fn(id(), name, app.id(), "hearth/hello:1", Fn.DEFAULT_MEMORY_MB,
        Fn.DEFAULT_TIMEOUT_SECS, Fn.DEFAULT_IDLE_TIMEOUT_SECS, Map.of(), Map.of(), null,
        CREATED, UPDATED);
  }

  public Trigger trigger(Fn fn, String name, String source) {
    return new Trigger(id(), name, fn.appId(), fn.id(), "http", source, Map.of(), CREATED, UPDATED);
  }
}
