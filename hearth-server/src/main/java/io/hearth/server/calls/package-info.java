/**
 * Call records and logs: every call that the agent runs is recorded off the request path.
 *
 * <p>Flow: the call path (invoke and HTTP triggers share {@code InvokeApi.runCall}) tells its
 * {@link io.hearth.server.calls.CallRecorder} right after {@code Agent.call} returns. {@link
 * io.hearth.server.calls.CallRecords} turns the result into a record ({@link
 * io.hearth.server.calls.CallStatus} names the status; start and creation times are counted back
 * from the end with the call's timings) and offers it to the {@code CallRecordWriter}: a bounded
 * queue that never blocks a call (a full queue drops and counts), drained in batches by a worker
 * thread every 100 ms (ticked by the node's scheduler) or as soon as a batch is waiting, and
 * drained completely on close.
 * A record leaves the queue only 60 ms after its call ended, and its log is read then, on the
 * writer's thread: container output can trail the response (the agent's {@code CallLog} linger).
 * The {@code RetentionJanitor} deletes records older than the retention. {@code CallsApi} serves
 * {@code /v2/fns/{fn_id}/calls}.
 *
 * <p>Vocabulary: status is success, error, timeout, rejected or cancelled; durations are queue
 * (waiting for a container), init (starting one: a cold call) and exec (running the call).
 */
package io.hearth.server.calls;
