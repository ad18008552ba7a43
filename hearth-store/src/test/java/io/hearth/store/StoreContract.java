package io.hearth.store;

import io.hearth.core.model.App;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** What every part of the conformance suite runs against; implemented once per database. */
interface StoreContract {

  /** The store shared by the tests of one database; emptied after each test. */
  Datastore store();

  /** How to open another store on the same database. */
  DatastoreConfig config();

  Fixtures fx();

  @AfterEach
  default void deleteEverything() {
    if (store() == null) {
      return; // the database was not there: the test was skipped
    }
    List<App> apps;
    while (!(apps = store().listApps(ListQuery.first(ListQuery.MAX_PER_PAGE)).items()).isEmpty()) {
      apps.forEach(app -> store().deleteApp(app.id()));
    }
  }
}
