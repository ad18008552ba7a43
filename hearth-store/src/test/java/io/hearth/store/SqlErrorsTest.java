package io.hearth.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {

  @Test
  void connectionAndAuthorizationStatesAreUnavailable() {
    for (String state : new String[] {"08001", "08006", "28P01", "3D000", "53300", "57P01", "90020"}) {
      assertThat(SqlErrors.isUnavailable(new SQLException("x", state))).as(state).isTrue();
    }
    assertThat(SqlErrors.isUnavailable(new SQLTransientConnectionException("pool timed out"))).isTrue();
    assertThat(SqlErrors.isUnavailable(new SQLException("wrapped", new ConnectException("refused"))))
        .isTrue();
  }

  @Test
  void constraintAndSyntaxErrorsAreNot() {
    for (String state : new String[] {"23505", "23503", "42601", "22001"}) {
      assertThat(SqlErrors.isUnavailable(new SQLException("x", state))).as(state).isFalse();
    }
    assertThat(SqlErrors.isUnavailable(new SQLException("no state"))).isFalse();
  }

  @Test
  void reasonIsTheDeepestMessageFirstLine() {
    var error = new RuntimeException("outer", new SQLException("inner\n  Position: 3"));
    assertThat(SqlErrors.reason(error)).isEqualTo("inner");
  }

  @Test
  void constraintIsFoundByNameInEitherDatabasesMessage() {
    var postgres = new SQLException(
        "ERROR: duplicate key value violates unique constraint \"uq_apps_name\"", "23505");
    var h2 = new SQLException(
        "Unique index or primary key violation: \"PUBLIC.UQ_APPS_NAME_INDEX_1 ON PUBLIC.APPS(NAME)\"",
        "23505");
    assertThat(SqlErrors.names(postgres, "uq_apps_name")).isTrue();
    assertThat(SqlErrors.names(h2, "uq_apps_name")).isTrue();
    assertThat(SqlErrors.names(h2, "uq_fns_app_name")).isFalse();
    assertThat(SqlErrors.isUniqueViolation(h2)).isTrue();
  }
}
