package io.hearth.fdk;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The answer to one call. Set the status and headers first, then write the body: the first byte
 * written (or a flush) commits the response, after which the status and headers are fixed. A
 * handler that returns without touching the body answers with an empty one.
 *
 * <p>The body streams: it is sent in chunked transfer coding, unless {@link #contentLength(long)}
 * declared its length up front. Owned by the thread running the handler; not thread-safe.
 *
 * <p>Two kinds of headers: {@link #setHeader} sets a header of the function's response as is (an
 * {@code /invoke} caller sees it unchanged); {@link #setHttpHeader} sets a header of the answer an
 * HTTP trigger's client receives, carried as {@code Fn-Http-H-<name>} (Content-Type travels as
 * itself). {@link #status} likewise sets the trigger's HTTP status. The contract-level status the
 * agent sees is always 200 for a handler that returns.
 */
public interface FnResponse {

  /** Sets the HTTP status an HTTP trigger's client receives ({@code Fn-Http-Status}), 100..599. */
  FnResponse status(int code);

  /** Sets the Content-Type of the response (kept by both {@code /invoke} and HTTP triggers). */
  FnResponse contentType(String type);

  /** Replaces a response header, sent as is. Framing headers (Transfer-Encoding, Connection) are refused. */
  FnResponse setHeader(String name, String value);

  /** Adds a response header, sent as is. */
  FnResponse addHeader(String name, String value);

  /** Replaces a header of an HTTP trigger's answer (sent as {@code Fn-Http-H-<name>}). */
  FnResponse setHttpHeader(String name, String value);

  /** Adds a header of an HTTP trigger's answer (sent as {@code Fn-Http-H-<name>}). */
  FnResponse addHttpHeader(String name, String value);

  /**
   * Declares the body's length, so that it is sent with Content-Length instead of chunked; the
   * handler must then write exactly that many bytes.
   */
  FnResponse contentLength(long length);

  /**
   * The response body. Bytes are buffered a little and sent as they come; {@code flush()} pushes
   * them to the agent at once, {@code close()} ends the body (the connection stays open).
   */
  OutputStream body();

  /** Whether the status and headers have been sent, so that a failure can no longer become a 502. */
  boolean isCommitted();

  /** Sends a whole body at once, with its Content-Length; use it instead of {@link #body()}, not after. */
  default void send(byte[] bytes) throws IOException {
    contentLength(bytes.length);
    try (OutputStream out = body()) {
      out.write(bytes);
    }
  }

  /** Sends a whole text body at once, UTF-8 encoded. */
  default void send(String text) throws IOException {
    send(text.getBytes(StandardCharsets.UTF_8));
  }
}
