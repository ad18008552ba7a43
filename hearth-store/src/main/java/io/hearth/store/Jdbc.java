package io.hearth.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** How every store writes and reads timestamps: to the millisecond, as the API shows them, in UTC. */
public final class Jdbc {

  private Jdbc() {}

  /** Timestamps are kept to the millisecond; finer parts are cut off. */
  public static Instant millis(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
  }

  public static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
    statement.setObject(index, millis(instant).atOffset(ZoneOffset.UTC));
  }

  public static Instant getInstant(ResultSet row, String column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
