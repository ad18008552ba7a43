package io.hearth.fdk;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The entry point of a function. A function's {@code main} calls {@link #handle(FnHandler)}:
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *   Fdk.handle((call, response) -> response.send("Hello, World!"));
 * }
 * }</pre>
 *
 * <p>Stateless; each server it starts owns its own threads.
 */
public final class Fdk {
  /** Exit status when the environment does not describe a function container. */
  public static final int EXIT_BAD_ENVIRONMENT = 2;
  /** Exit status when the listener socket could not be set up. */
  public static final int EXIT_NO_SOCKET = 1;

  private Fdk() {}

  /**
   * Serves calls as Fn's agent expects, until the process ends. Reads {@code FN_LISTENER} (and
   * checks {@code FN_FORMAT}) from the environment; exits with status 2 and a message on stderr when
   * they are missing or malformed. The environment is the function's configuration.
   */
  public static void handle(FnHandler handler) {
    Map<String, String> env = System.getenv();
    // instanceof rather than a pattern switch: its bootstrap would cost a cold start ~20 ms.
    ListenerAddress.Parsed parsed = ListenerAddress.parse(env);
    if (parsed instanceof ListenerAddress.Parsed.Invalid invalid) {
      System.err.println("hearth-fdk: " + invalid.message());
      System.exit(EXIT_BAD_ENVIRONMENT);
      return;
    }
    Path listener = ((ListenerAddress.Parsed.Ok) parsed).listener();
    FdkServer server;
    try {
      server = serve(listener, env, handler);
    } catch (IOException | RuntimeException e) {
      System.err.println("hearth-fdk: cannot listen on " + listener + ": " + e.getMessage());
      System.exit(EXIT_NO_SOCKET);
      return;
    }
    try {
      server.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.err.println("hearth-fdk: the server stopped");
    System.exit(EXIT_NO_SOCKET);
  }

  /**
   * Publishes a listener at {@code listener} and serves calls on background (virtual) threads,
   * with the process environment as configuration. The function is ready when this returns.
   */
  public static FdkServer serve(Path listener, FnHandler handler) throws IOException {
    return serve(listener, System.getenv(), handler);
  }

  /** As {@link #serve(Path, FnHandler)}, with the configuration calls see given explicitly. */
  public static FdkServer serve(Path listener, Map<String, String> config, FnHandler handler) throws IOException {
    java.util.Objects.requireNonNull(handler, "handler");
    return FdkServer.start(listener.toAbsolutePath(), handler, config);
  }
}
