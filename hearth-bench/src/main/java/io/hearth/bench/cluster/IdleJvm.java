package io.hearth.bench.cluster;

/**
 * A JVM that says it runs, then sleeps until it is stopped (at most ten minutes): what a node
 * process's memory is measured against.
 */
public final class IdleJvm {
  private static final long MAX_MILLIS = 600_000;

  private IdleJvm() {}

  public static void main(String[] args) throws InterruptedException {
    System.out.println("idle jvm is running on idle:0");
    System.out.flush();
    Thread.sleep(MAX_MILLIS);
  }
}
