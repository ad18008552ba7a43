/**
 * The job dispatcher's shell: it applies the pure decisions of {@code io.hearth.core.job.dispatch}
 * to the job store and the nodes.
 *
 * <p>Flow: {@link io.hearth.server.jobs.dispatch.Dispatcher} runs one pass at a time on its own
 * thread, woken by the store's signals and a timer, while it holds the dispatcher lock. A pass
 * ({@code JobShell}) recovers first ({@code Recovery}: re-adopt what nodes still run, then clear
 * stale locks), reads the queue, watches the attempts in hand, runs {@code DispatchPass} over the
 * queue and the nodes' offers and applies its actions; the blocking halves of an attempt — starting
 * its exec, keeping its log and {@code /out} and completing it — run on virtual threads ({@code
 * AttemptRuns}). Nodes are reached only through {@link io.hearth.server.jobs.dispatch.JobNodes},
 * implemented in-process over the node's allocs API handler by {@link
 * io.hearth.server.jobs.dispatch.ExchangeJobNodes}.
 *
 * <p>Vocabulary: an <em>attempt in hand</em> is one whose alloc this dispatcher took and has not
 * freed (starting, running or finishing); at most one per job. A <em>Hearth dispatcher</em> is a
 * locker named {@code hearth-dispatcher/<node id>}: a restarted one takes over its locks; other
 * lockers are outside dispatchers, left alone. A job's alloc and exec carry the labels {@code
 * io.hearth.job} and {@code io.hearth.attempt}, by which a restart finds them.
 */
package io.hearth.server.jobs.dispatch;
