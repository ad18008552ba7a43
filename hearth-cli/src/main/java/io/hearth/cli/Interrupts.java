package io.hearth.cli;

/**
 * How a long-running command ({@code allocs create --hold}) learns that its user wants it to stop:
 * Ctrl-C or a kill, seen as a JVM shutdown hook, in the real command; a test's trigger in tests.
 */
interface Interrupts {

  /**
   * Runs {@code onStop} once when the user stops the command. It runs on a thread of its own while
   * the process is shutting down, so it must finish its work (close, free, say so) before returning.
   *
   * @return a handle that removes the hook (harmless once it ran)
   */
  AutoCloseable onStop(Runnable onStop);

  /** Ctrl-C (SIGINT) and kill (SIGTERM), through a shutdown hook. */
  Interrupts JVM = onStop -> {
    Thread hook = Thread.ofPlatform().name("hearth-stop").unstarted(onStop);
    Runtime.getRuntime().addShutdownHook(hook);
    return () -> {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down already: the hook runs or ran
      }
    };
  };
}
