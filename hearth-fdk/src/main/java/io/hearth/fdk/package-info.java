/**
 * Hearth's function development kit: the function side of Fn's "http-stream" container contract.
 *
 * <p>Flow: {@link io.hearth.fdk.Fdk#handle} reads {@code FN_LISTENER} ({@code unix:/tmp/iofs/lsnr.sock}),
 * binds a unix socket under a random name in that directory, makes it 0666 and renames a relative
 * symlink {@code lsnr.sock -> <random>.sock} into place: from then on the agent may connect. Each
 * connection gets a virtual thread that reads {@code POST /call} requests one after another
 * (keep-alive), checks {@code Fn-Call-Id} and {@code Fn-Deadline} (400 without them), and runs the
 * {@link io.hearth.fdk.FnHandler} with an {@link io.hearth.fdk.FnCall} (streaming request body) and
 * an {@link io.hearth.fdk.FnResponse} (streaming response body, chunked unless a length is
 * declared).
 *
 * <p>Outcomes on the contract level: the handler returns -> 200; it throws before its response was
 * committed -> 502 with {@code {"message": ...}}; it throws after -> the connection is closed
 * mid-response. HTTP triggers are a layer above: {@code Fn-Http-Status} and {@code Fn-Http-H-*}
 * headers, see {@link io.hearth.fdk.TriggerRequest} and {@link io.hearth.fdk.FnResponse}.
 *
 * <p>Only {@code java.base} is used, and nothing is started eagerly beyond the acceptor, so a
 * function starts fast in a jlinked runtime.
 */
package io.hearth.fdk;
