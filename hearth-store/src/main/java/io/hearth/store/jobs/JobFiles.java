package io.hearth.store.jobs;

/** The bounds {@link JobStore#keepFiles} checks, shared by its implementations. */
public final class JobFiles {

  private JobFiles() {}

  /** @throws IllegalArgumentException if either is over its bound */
  public static void checkBounds(String jobId, int attempt, byte[] log, byte[] outputTar) {
    if (log != null && log.length > JobStore.MAX_LOG_BYTES) {
      throw new IllegalArgumentException("the log of attempt " + attempt + " of job " + jobId + " is "
          + log.length + " bytes; at most " + JobStore.MAX_LOG_BYTES + " are kept (keep its tail)");
    }
    if (outputTar != null && outputTar.length > JobStore.MAX_OUTPUT_BYTES) {
      throw new IllegalArgumentException("the output of attempt " + attempt + " of job " + jobId + " is "
          + outputTar.length + " bytes; at most " + JobStore.MAX_OUTPUT_BYTES + " are kept");
    }
  }
}
