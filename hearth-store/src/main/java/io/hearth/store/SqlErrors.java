package io.hearth.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.Set;

/**
 * Reads what a {@link SQLException} means, the same way for H2 and PostgreSQL: both report the
 * standard SQLSTATE codes for constraint violations, and both name the violated constraint in the
 * message (H2 through the index it made for it), so constraints are matched by name there.
 */
public final class SqlErrors {

  public static final String UNIQUE_VIOLATION = "23505";
  /** PostgreSQL reports every foreign key violation so; H2 only a delete of a referenced row. */
  public static final String FOREIGN_KEY_VIOLATION = "23503";
  /** H2: an insert or update names a parent row that does not exist. */
  public static final String H2_PARENT_MISSING = "23506";

  /**
   * SQLSTATE classes meaning the database cannot serve us: 08 connection exception, 28 invalid
   * authorization, 3D no such database, 53 insufficient resources, 57P admin/crash shutdown.
   */
  private static final Set<String> UNAVAILABLE_CLASSES = Set.of("08", "28", "3D", "53");
  /** H2: database in use by another process, closed, connection broken, called during JVM exit. */
  private static final Set<String> H2_UNAVAILABLE = Set.of("90020", "90098", "90067", "90121");

  private SqlErrors() {}

  /** Whether the error, or one it was caused by, says the database is out of reach. */
  public static boolean isUnavailable(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql) {
        // a failed batch (BatchUpdateException) may carry the driver's reason only as its next exception
        if (sql.getNextException() != null && sql.getNextException() != sql && isUnavailable(sql.getNextException())) {
          return true;
        }
        String state = sql.getSQLState();
        if (state != null
            && (state.length() >= 2 && UNAVAILABLE_CLASSES.contains(state.substring(0, 2))
                || state.startsWith("57P")
                || H2_UNAVAILABLE.contains(state))) {
          return true;
        }
      }
      if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /**
   * The message that best names the problem: the innermost {@link SQLException}'s (the driver's
   * words, e.g. "Connection to host:5432 refused. Check that..."), else the innermost message.
   */
  public static String reason(Throwable error) {
    Throwable best = null;
    Throwable innermost = error;
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        innermost = t;
        if (t instanceof SQLException) {
          best = t;
        }
      }
    }
    Throwable chosen = best != null ? best : innermost;
    String message = chosen.getMessage();
    return message == null ? chosen.getClass().getSimpleName() : firstLine(message);
  }

  public static boolean isUniqueViolation(SQLException e) {
    return UNIQUE_VIOLATION.equals(e.getSQLState());
  }

  public static boolean isForeignKeyViolation(SQLException e) {
    return FOREIGN_KEY_VIOLATION.equals(e.getSQLState()) || H2_PARENT_MISSING.equals(e.getSQLState());
  }

  /** Whether the message names the constraint; constraint names here are lowercase and distinct. */
  public static boolean names(SQLException e, String constraint) {
    String message = e.getMessage();
    return message != null && message.toLowerCase(Locale.ROOT).contains(constraint);
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).strip();
  }
}
