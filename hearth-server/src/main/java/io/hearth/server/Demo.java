package io.hearth.server;

import io.hearth.core.id.Ids;
import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.store.functions.FunctionStore;
import io.hearth.store.ListQuery;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/** The quick start's demo: the app "demo" with the function "hello", made on a fresh node. */
final class Demo {
  static final String APP = "demo";
  static final String FN = "hello";

  private Demo() {}

  /**
   * Creates the demo when the datastore holds no app at all, and returns the hello function when
   * the demo app exists (made now or earlier).
   */
  static Optional<Fn> ensure(FunctionStore store, String image, InstantSource clock) {
    if (store.apps().list(ListQuery.first(1)).items().isEmpty()) {
      Ids ids = new Ids(clock, new SecureRandom());
      Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
      App app = store.apps().insert(new App(ids.next(), APP, Map.of(), Map.of(), null, null, now, now));
      store.fns().insert(new Fn(ids.next(), FN, app.id(), image, Fn.DEFAULT_MEMORY_MB, Fn.DEFAULT_TIMEOUT_SECS,
          Fn.DEFAULT_IDLE_TIMEOUT_SECS, Map.of(), Map.of(), null, now, now));
    }
    return store.apps().getByName(APP).flatMap(app -> store.fns().getByName(app.id(), FN));
  }
}
