package io.hearth.server;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh schema {@code hearth_srv_<random>} in the local PostgreSQL database {@code test} (trust
 * authentication, user postgres), for one test class; {@link #close()} drops it and nothing else.
 * When PostgreSQL does not answer, {@link #create()} skips the test, saying why and how to fix it
 * (fails it when PostgreSQL is {@link #REQUIRED}).
 */
final class PostgresTestSchema implements AutoCloseable {
  static final String HOST = "127.0.0.1";
  static final int PORT = 5432;
  private static final String JDBC = "jdbc:postgresql://" + HOST + ":" + PORT + "/test";
  private static final String USER = "postgres";
  /**
   * Whether PostgreSQL must answer: {@code ./hearth test} makes sure it runs and sets
   * HEARTH_TEST_REQUIRE_POSTGRES=1, so that these tests fail rather than skip when it cannot be reached.
   */
  static final boolean REQUIRED = "1".equals(System.getenv("HEARTH_TEST_REQUIRE_POSTGRES"));

  final String name;

  private PostgresTestSchema(String name) {
    this.name = name;
  }

  static PostgresTestSchema create() {
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    String name = "hearth_srv_" + HexFormat.of().formatHex(random);
    DriverManager.setLoginTimeout(3);
    try (Connection c = DriverManager.getConnection(JDBC, USER, null); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + name);
    } catch (SQLException e) {
      String why = "cannot connect to " + JDBC + " as " + USER + " (" + e.getMessage()
          + "); start it with: scripts/postgres.sh";
      if (REQUIRED) {
        throw new AssertionError("PostgreSQL is required here (HEARTH_TEST_REQUIRE_POSTGRES=1, as ./hearth test "
            + "sets) but " + why, e);
      }
      Assumptions.abort("PostgreSQL tests skipped: " + why);
    }
    return new PostgresTestSchema(name);
  }

  /** The datastore URL for HEARTH_DB_URL, the way Fn's FN_DB_URL is written. */
  String url() {
    return urlVia(PORT);
  }

  /** The same database reached through another port on 127.0.0.1 (a proxy). */
  String urlVia(int port) {
    return "postgres://" + USER + "@" + HOST + ":" + port + "/test?currentSchema=" + name;
  }

  @Override
  public void close() {
    try (Connection c = DriverManager.getConnection(JDBC, USER, null); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop test schema " + name, e);
    }
  }
}
