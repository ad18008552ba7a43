/**
 * Apps, functions and triggers ({@link io.hearth.store.functions.FunctionStore}, with its views
 * {@code AppStore}, {@code FnStore}, {@code TriggerStore}). In JDBC each operation is one
 * auto-committed statement; the database enforces uniqueness and cascades deletes (app -> fns ->
 * triggers). Lists are in name order, a page at a time, with Fn's cursor.
 */
package io.hearth.store.functions;
