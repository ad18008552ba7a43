package io.hearth.store;

/**
 * A datastore operation could not be done. Sealed so callers map every outcome to a status:
 * {@link Conflict} 409, {@link NotFound} 404, {@link Unavailable} 503, {@link Failed} 500. Messages
 * are written for the person calling the API or running Hearth; no {@link java.sql.SQLException}
 * leaves this module except as a cause.
 */
public abstract sealed class StoreException extends RuntimeException {

  private StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A uniqueness rule refused the write, e.g. "An app with name 'x' already exists". */
  public static final class Conflict extends StoreException {
    public Conflict(String message) {
      super(message, null);
    }

    public Conflict(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A row the operation needs does not exist, e.g. "App not found". */
  public static final class NotFound extends StoreException {
    public NotFound(String message) {
      super(message, null);
    }

    public NotFound(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The database cannot be reached or refused the connection; retrying later may work. */
  public static final class Unavailable extends StoreException {
    public Unavailable(String reason, Throwable cause) {
      super("datastore unavailable: " + reason, cause);
    }
  }

  /** The database refused the operation for a reason that is neither of the above: a bug. */
  public static final class Failed extends StoreException {
    public Failed(String reason, Throwable cause) {
      super("datastore error: " + reason, cause);
    }
  }
}
