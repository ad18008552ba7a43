package io.hearth.store.functions;

import io.hearth.core.model.Fn;
import io.hearth.store.ListQuery;
import io.hearth.store.Page;
import java.util.Optional;

/** The functions of a {@link FunctionStore}. A function belongs to one app for life. */
public interface FnStore {

  /**
   * @throws io.hearth.store.StoreException.NotFound "App not found"
   * @throws io.hearth.store.StoreException.Conflict if the id, or the name within the app, is taken
   */
  Fn insert(Fn fn);

  Optional<Fn> get(String id);

  Optional<Fn> getByName(String appId, String name);

  /**
   * Replaces every field of the function with this id and app id except those two.
   *
   * @throws io.hearth.store.StoreException.NotFound "Fn not found"
   * @throws io.hearth.store.StoreException.Conflict if the new name is taken in the app
   */
  Fn update(Fn fn);

  /** Deletes the function and its triggers; false if there was no such function. */
  boolean delete(String id);

  /** The app's functions. */
  Page<Fn> list(String appId, ListQuery query);
}
