package io.hearth.store.functions;

import io.hearth.core.model.App;
import io.hearth.store.Fixtures;
import io.hearth.store.ListQuery;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** What every part of the function store's conformance suite runs against. */
public interface FunctionContract {

  /** The store under test, emptied after each test; null when its database is not there (skipped). */
  FunctionStore functions();

  Fixtures fx();

  default AppStore apps() {
    return functions().apps();
  }

  default FnStore fns() {
    return functions().fns();
  }

  default TriggerStore triggers() {
    return functions().triggers();
  }

  @AfterEach
  default void deleteEverything() {
    if (functions() == null) {
      return; // the database was not there: the test was skipped
    }
    List<App> apps;
    while (!(apps = apps().list(ListQuery.first(ListQuery.MAX_PER_PAGE)).items()).isEmpty()) {
      apps.forEach(app -> apps().delete(app.id()));
    }
  }
}
