package io.hearth.store;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * A fresh schema {@code hearth_test_<random>} in the local PostgreSQL database {@code test}, so
 * test runs never see each other's rows; {@link #drop()} removes it and nothing else.
 */
final class PostgresSchema {

  /** The local test database; {@code -Dhearth.test.postgres.url=jdbc:postgresql://...} points elsewhere. */
  static final String BASE_URL =
      System.getProperty("hearth.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
  /** Trust authentication on the test machine accepts one of these, without a password. */
  private static final List<String> USERS = List.of("postgres", "root");
  /**
   * Whether PostgreSQL must answer: {@code ./hearth test} makes sure it runs and sets
   * HEARTH_TEST_REQUIRE_POSTGRES=1, so that its tests fail rather than skip when it cannot be reached.
   */
  static final boolean REQUIRED = "1".equals(System.getenv("HEARTH_TEST_REQUIRE_POSTGRES"));

  private final String user;
  private final String name;

  private PostgresSchema(String user, String name) {
    this.user = user;
    this.name = name;
  }

  /**
   * Creates the schema.
   *
   * @throws IllegalStateException saying why and how to fix it, when PostgreSQL cannot be reached
   *     (the tests skip); an {@link AssertionError} instead when it is {@link #REQUIRED}
   */
  static PostgresSchema create() {
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    String name = "hearth_test_" + HexFormat.of().formatHex(random);
    DriverManager.setLoginTimeout(3);
    StringBuilder reasons = new StringBuilder();
    for (String user : USERS) {
      try (Connection c = DriverManager.getConnection(BASE_URL, user, null);
          Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA " + name);
        return new PostgresSchema(user, name);
      } catch (SQLException e) {
        reasons.append(" [").append(user).append(": ").append(e.getMessage()).append(']');
      }
    }
    String why = "cannot connect to " + BASE_URL + " as postgres or root without a password" + reasons
        + "; start it with: scripts/postgres.sh";
    if (REQUIRED) {
      throw new AssertionError("PostgreSQL is required here (HEARTH_TEST_REQUIRE_POSTGRES=1, as ./hearth test sets) "
          + "but " + why);
    }
    throw new IllegalStateException("PostgreSQL tests skipped: " + why);
  }

  DatastoreConfig config() {
    return new DatastoreConfig(BASE_URL + "?currentSchema=" + name, user, null, 4, Duration.ofSeconds(3));
  }

  void drop() {
    try (Connection c = DriverManager.getConnection(BASE_URL, user, null);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop test schema " + name, e);
    }
  }
}
