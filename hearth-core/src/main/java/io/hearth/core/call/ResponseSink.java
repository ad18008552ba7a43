package io.hearth.core.call;

import java.io.IOException;
import java.io.OutputStream;

/** Where a call's response goes: the HTTP layer's response to its client. */
@FunctionalInterface
public interface ResponseSink {

  /**
   * Commits the status and headers and returns the stream for the body; called at most once, and
   * only for a function's successful answer.
   *
   * @param contentLength the body's length when the function declared it, else -1
   */
  OutputStream commit(int status, Headers headers, long contentLength) throws IOException;

  /**
   * Commits the status, the headers and the whole body at once, for a small answer whose length
   * was declared: a sink that can should send it in one write. Called instead of {@link #commit},
   * at most once.
   */
  default void complete(int status, Headers headers, byte[] body) throws IOException {
    OutputStream out = commit(status, headers, body.length);
    out.write(body);
    out.flush();
  }
}
