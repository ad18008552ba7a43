package io.hearth.bench.scenario;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A schema of its own in the local PostgreSQL (127.0.0.1:5432, database {@code test}, user
 * {@code postgres}, trust authentication: what {@code scripts/postgres.sh} starts) for one
 * scenario; {@link #close} drops it and nothing else.
 */
public final class PostgresSchema implements AutoCloseable {
  private static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final String USER = "postgres";

  private final String name;

  private PostgresSchema(String name) {
    this.name = name;
  }

  /** A fresh schema, or why there is none (PostgreSQL does not answer). */
  public static Result create() {
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    String name = "hearth_bench_" + HexFormat.of().formatHex(random);
    DriverManager.setLoginTimeout(3);
    try (Connection c = DriverManager.getConnection(JDBC, USER, null); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + name);
      return new Result(Optional.of(new PostgresSchema(name)), "");
    } catch (SQLException e) {
      return new Result(Optional.empty(), "cannot connect to " + JDBC + " as " + USER + " (" + e.getMessage()
          + "); start it with scripts/postgres.sh");
    }
  }

  public record Result(Optional<PostgresSchema> schema, String why) {}

  /** HEARTH_DB_URL for a node on this schema. */
  public String url() {
    return "postgres://" + USER + "@127.0.0.1:5432/test?currentSchema=" + name;
  }

  @Override
  public void close() {
    try (Connection c = DriverManager.getConnection(JDBC, USER, null); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    } catch (SQLException e) {
      System.err.println("hearth bench: could not drop schema " + name + ": " + e.getMessage());
    }
  }
}
