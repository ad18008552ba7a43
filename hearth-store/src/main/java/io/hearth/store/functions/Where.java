package io.hearth.store.functions;

import io.hearth.store.Cursor;
import io.hearth.store.ListQuery;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A WHERE clause built from optional conditions, with their parameters in order. Single use. */
final class Where {

  private final List<String> clauses = new ArrayList<>();
  private final List<String> params = new ArrayList<>();

  /** Adds a condition whose {@code ?} placeholders take {@code values}, in order. */
  Where and(String clause, String... values) {
    clauses.add(clause);
    params.addAll(List.of(values));
    return this;
  }

  /** Adds the name condition of a list query, and the keyset condition of its cursor. */
  Where page(ListQuery query, boolean idTieBreak) {
    if (query.nameFilter() != null) {
      and("name = ?", query.nameFilter());
    }
    Cursor after = query.after();
    if (after != null) {
      if (idTieBreak && after.id() != null) {
        and("(name > ? OR (name = ? AND id > ?))", after.name(), after.name(), after.id());
      } else {
        and("name > ?", after.name());
      }
    }
    return this;
  }

  String sql() {
    return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
  }

  /** Binds the parameters from index 1; returns the next free index. */
  int bind(PreparedStatement statement) throws SQLException {
    int i = 1;
    for (String param : params) {
      statement.setString(i++, param);
    }
    return i;
  }
}
