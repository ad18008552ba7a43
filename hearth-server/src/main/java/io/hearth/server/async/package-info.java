/**
 * Async and detached calls over the durable call queue (issue 13). {@link
 * io.hearth.server.async.AsyncCalls} is the node's part: at start it recovers what an earlier run
 * of the node left ({@code recoverNode}: detached calls end as errors "the node running the call
 * restarted", async claims return to the queue); its intake answers {@code Fn-Invoke-Type: async}
 * with 202 only once the call is committed (413 over {@code HEARTH_MAX_ASYNC_BODY}, 429 when the
 * function's queue is full); {@code DetachedRecording} records a detached call before its 202;
 * {@code AsyncWorker} claims due calls with a lease, runs each through the node's invoker, and
 * stores what the pure {@code NextStep} decides (the outcome, or a retry after a back-off).
 *
 * <p>Vocabulary: a call is <em>queued</em>, <em>running</em> (claimed by a node until its claim
 * lease ends, renewed while it runs) and then <em>success</em>, <em>error</em> or <em>timeout</em>;
 * an <em>attempt</em> is one claim; a <em>release</em> gives a claim back unused.
 */
package io.hearth.server.async;
