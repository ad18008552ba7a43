package io.hearth.bench.records;

import io.hearth.store.Database;
import io.hearth.store.calls.NewCall;
import java.util.List;

/**
 * One way of writing call records measured by {@link RecordWrites}: the schema it writes to (DDL
 * run over the migrated database, replacing its call tables; none to keep the migrated ones) and
 * how it inserts a batch.
 *
 * @param ddl statements run once on a fresh database before the measurement; empty: the schema as
 *     the migrations leave it
 */
record Variant(String name, String description, List<String> ddl, Inserter inserter) {

  /** Writes one batch, as the node's writer hands it over (one transaction). */
  @FunctionalInterface
  interface Inserter {
    void insert(Database db, List<NewCall> batch);
  }
}
