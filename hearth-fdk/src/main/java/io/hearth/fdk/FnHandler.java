package io.hearth.fdk;

/**
 * A function: answers one call. Runs on the virtual thread of the connection that carries the call;
 * the FDK never calls it for two calls of one connection at once, but calls on different
 * connections may run concurrently, so a handler that keeps state guards it itself.
 *
 * <p>Return normally and the call succeeds (the agent sees 200); throw and it fails (502), unless
 * the response body was already under way, in which case the connection is closed mid-response.
 */
@FunctionalInterface
public interface FnHandler {
  void handle(FnCall call, FnResponse response) throws Exception;
}
