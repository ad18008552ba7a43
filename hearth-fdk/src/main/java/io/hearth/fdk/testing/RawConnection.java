package io.hearth.fdk.testing;

import io.hearth.fdk.FnResponse;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Test-only: direct access to the connection that carries a call, for functions that must break
 * the contract on purpose (answer with a raw status line, write bytes that are not HTTP, hang up).
 * A real function never needs this.
 *
 * <p>Once {@link #rawOutput()} or {@link #closeConnection()} is used, the FDK writes no response of
 * its own for the call. After the handler returns, the connection carries on with the next call
 * unless it was closed, so whatever was written raw must be a complete HTTP response if the
 * connection is to stay usable. Owned by the thread running the handler, like the response.
 */
public interface RawConnection {

  /**
   * The connection's output, bypassing the FDK's response. Refused (IllegalStateException) once
   * the FDK's own response has been committed.
   */
  OutputStream rawOutput();

  /** Closes the connection now, whatever was written; the call gets no (further) answer. */
  void closeConnection() throws IOException;

  /** The raw connection behind a response the FDK created. */
  static RawConnection of(FnResponse response) {
    if (response instanceof RawConnection raw) {
      return raw;
    }
    throw new IllegalArgumentException("not a response created by the FDK's server: "
        + response.getClass().getName());
  }
}
