/**
 * HTTP/1.1 over unix domain sockets, with the JDK alone: a message codec, streaming bodies and a
 * keep-alive client. Hearth speaks it to the Docker Engine, and between the agent and the function
 * containers (the FDK serves HTTP on a socket in the container's socket directory).
 *
 * <h2>Vocabulary</h2>
 *
 * <ul>
 *   <li><b>Head</b>: a start line and header fields ({@link io.hearth.uds.RequestHead}, {@link
 *       io.hearth.uds.ResponseHead}, fields in {@link io.hearth.uds.HttpHeaders}). Heads are read
 *       and written by {@link io.hearth.uds.HttpWire} within a byte budget (the head limit), so a
 *       peer cannot make a reader buffer without bound.
 *   <li><b>Wire</b>: {@link io.hearth.uds.WireInput}, the one buffered reader of a connection. It
 *       reads head lines and then hands body bytes through; whatever it buffered past one message
 *       belongs to the next.
 *   <li><b>Body</b>: {@link io.hearth.uds.BodyInputStream} reads one message body as its framing
 *       says: a Content-Length ({@code Fixed}), chunked coding ({@code Chunked}), or until the peer
 *       closes ({@code UntilClose}, which never leaves the connection reusable). {@link
 *       io.hearth.uds.FixedLengthOutputStream} and {@link io.hearth.uds.ChunkedOutputStream} write
 *       the first two.
 *   <li><b>Exchange</b>: one request and its response on a {@link io.hearth.uds.UdsConnection}.
 *       A connection carries one exchange at a time; it is <em>reusable</em> after the exchange
 *       when the body was read to its end and neither side asked to close.
 *   <li><b>Pool</b>: {@link io.hearth.uds.UdsClient} keeps a few idle connections to one socket and
 *       hands them to concurrent callers.
 * </ul>
 *
 * <h2>Flow of an exchange</h2>
 *
 * <ol>
 *   <li>{@code UdsConnection.send} sets Host and the framing fields, encodes the head (refusing
 *       a head that would break the framing before any byte is sent), writes it and streams the
 *       body: with a Content-Length when the length is known, chunked otherwise.
 *   <li>It reads the response head (skipping interim 1xx responses) and returns a {@link
 *       io.hearth.uds.UdsResponse} whose body streams from the socket.
 *   <li>The caller reads the body and calls {@code finish()}/{@code close()}: a body read to its
 *       end leaves the connection idle for the next exchange; anything else closes it. The pool's
 *       responses first drain a small leftover to save the connection.
 *   <li>Before an idle connection is used again, {@code isUsable()} probes the socket without
 *       blocking, so a peer that closed while idle (a container killed, an engine restarted) is
 *       noticed before a request is sent to it.
 * </ol>
 *
 * <h2>Failure</h2>
 *
 * Malformed input from a peer is an {@link io.hearth.uds.HttpProtocolException} (an {@code
 * IOException}); a connection that saw one is closed. A request the caller built wrongly (a line
 * break in a field, a space in the target) is an {@code IllegalArgumentException}. {@code abort()}
 * may be called from any thread to close a connection and wake whoever is blocked on it; it is the
 * only way to bound a wait, as there are no timeouts here.
 *
 * <h2>Cost of an exchange</h2>
 *
 * A small request goes out in one write system call (head and body share the connection's write
 * buffer), a small response comes in with one or two reads; reusing a pooled connection costs one
 * non-blocking probe read. Large bodies stream through in slices of at most 128 KiB and are never held whole.
 */
package io.hearth.uds;
