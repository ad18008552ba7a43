package io.hearth.core.job;

/**
 * What Hearth says about a job as it runs or after it ended, each null when there is nothing to say.
 *
 * @param error    why it was cancelled or failed to run, for a person to act on
 * @param warning  something worth knowing that did not stop it
 * @param activity what it is doing now (e.g. "waiting for a node of class m1.large")
 */
public record RuntimeStatus(String error, String warning, String activity) {

  public static final RuntimeStatus EMPTY = new RuntimeStatus(null, null, null);

  public static RuntimeStatus ofError(String error) {
    return new RuntimeStatus(error, null, null);
  }

  public RuntimeStatus withError(String error) {
    return new RuntimeStatus(error, warning, activity);
  }

  public RuntimeStatus withWarning(String warning) {
    return new RuntimeStatus(error, warning, activity);
  }

  public RuntimeStatus withActivity(String activity) {
    return new RuntimeStatus(error, warning, activity);
  }
}
