/**
 * The durable call queue (issue 13): {@link io.hearth.store.queue.CallQueue} and its table
 * {@code call_queue} (migration V7). An async call is a row from its acceptance (state
 * {@code queued}) through its claims ({@code running}, held by a node until its claim lease ends;
 * a worker renews the claims of the calls it runs) to its stored answer ({@code success},
 * {@code error} or {@code timeout}). A detached call is a row from before its 202 ({@code running}
 * on its node) to its end; a restarted node ends what it left as errors saying so
 * ({@link io.hearth.store.queue.CallQueue#recoverNode}). Claims lock the due rows and skip the rows
 * another claimer holds ({@code FOR UPDATE SKIP LOCKED}, on H2 and PostgreSQL).
 */
package io.hearth.store.queue;
