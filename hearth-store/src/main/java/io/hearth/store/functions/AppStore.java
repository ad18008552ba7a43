package io.hearth.store.functions;

import io.hearth.core.model.App;
import io.hearth.store.ListQuery;
import io.hearth.store.Page;
import java.util.Optional;

/** The apps of a {@link FunctionStore}. */
public interface AppStore {

  /** @throws io.hearth.store.StoreException.Conflict if the id or name is taken */
  App insert(App app);

  Optional<App> get(String id);

  Optional<App> getByName(String name);

  /**
   * Replaces every field of the app with this id.
   *
   * @throws io.hearth.store.StoreException.NotFound "App not found"
   * @throws io.hearth.store.StoreException.Conflict if the new name is taken
   */
  App update(App app);

  /** Deletes the app with its functions and triggers; false if there was no such app. */
  boolean delete(String id);

  Page<App> list(ListQuery query);
}
