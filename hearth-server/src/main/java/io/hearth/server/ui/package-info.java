/**
 * The dashboard (issue 17): its files, served from this jar at {@code /ui/} by every all-in-one
 * and api node ({@link io.hearth.server.ui.UiRoutes}; open, as they hold no data), and its live
 * events ({@link io.hearth.server.ui.EventHub}, {@code GET /v2/events}, behind the API token).
 *
 * <p>Flow: watchers ({@link io.hearth.server.ui.Dashboard#every}) read the shared datastore on a
 * virtual thread — the calls recorded by any node, the runner registry, the job queue — and
 * publish what changed; the hub hands each event to every subscriber's bounded buffer without
 * blocking; each browser's stream writes its buffer out on its own request thread. Watching the
 * datastore rather than this node's own calls is what makes an api node's dashboard live too: in a
 * cluster the calls run on runners behind the lbs and only their records reach the datastore.
 *
 * <p>Vocabulary: an <em>event</em> is a type ({@code call}, {@code node}, {@code job},
 * {@code alloc}, {@code stats}) and JSON data; the <em>timeline</em> is the last 15 minutes of
 * calls in 5 s buckets.
 */
package io.hearth.server.ui;
