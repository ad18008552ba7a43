package io.hearth.store.functions;

/**
 * Apps, their functions and the functions' triggers: one store, because they are one whole. A
 * function needs its app, a trigger a function of its own app, and deleting an app takes its
 * functions and their triggers with it; the store keeps those rules, so the three views share it.
 *
 * <p>Every method blocks (call it from a virtual thread) and is thread-safe. Failures are {@link
 * io.hearth.store.StoreException}s: {@code Conflict} when a uniqueness rule refuses a write,
 * {@code NotFound} when a row the write needs is missing, {@code Unavailable} when the database
 * cannot be reached. Writes return the record as stored: timestamps are kept to the millisecond.
 * Callers make the ids and timestamps; the store checks neither. Lists are in name order (by code
 * point), a page at a time, with Fn's cursor.
 */
public interface FunctionStore {

  AppStore apps();

  FnStore fns();

  TriggerStore triggers();
}
