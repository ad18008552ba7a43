package io.hearth.store.functions;

import io.hearth.core.model.Trigger;
import io.hearth.store.ListQuery;
import io.hearth.store.Page;
import java.util.Optional;

/**
 * The triggers of a {@link FunctionStore}. A trigger belongs to one app for life; its function may
 * change, but only to another function of the same app. Trigger names repeat across the functions
 * of an app, so app-wide lists order by name, then id, and the cursor carries both.
 */
public interface TriggerStore {

  /** The only trigger type, and the one {@code /t/{app}/{source}} looks up. */
  String HTTP = "http";

  /**
   * @throws io.hearth.store.StoreException.NotFound "App not found", or "Fn not found" when the
   *     function does not exist in that app
   * @throws io.hearth.store.StoreException.Conflict if the id, the name for the function, or the
   *     type and source in the app, is taken
   */
  Trigger insert(Trigger trigger);

  Optional<Trigger> get(String id);

  /**
   * Replaces every field of the trigger with this id and app id except those two.
   *
   * @throws io.hearth.store.StoreException.NotFound "Trigger not found", or "Fn not found" for a
   *     function not in the app
   * @throws io.hearth.store.StoreException.Conflict as for {@link #insert}
   */
  Trigger update(Trigger trigger);

  boolean delete(String id);

  /** The app's triggers, or only those of {@code fnId} when it is not null. */
  Page<Trigger> list(String appId, String fnId, ListQuery query);

  /** The app's HTTP trigger for this source path, as {@code /t/{app}/{source}} needs. */
  Optional<Trigger> getBySource(String appId, String source);
}
