package db.migration;

import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * On PostgreSQL, a trigger that sends {@code NOTIFY hearth_jobs} with the table's schema as payload
 * for every row of {@code jobs} inserted, updated or deleted: the notification is part of the
 * writing transaction, so it is delivered exactly when the change commits and never for one rolled
 * back, whatever code path wrote it (the store's guarded changes, a priority patch, retention); and
 * PostgreSQL folds the same notification sent many times in one transaction into one. The schema
 * payload lets listeners of several Hearth schemas in one database tell theirs apart. A row trigger,
 * not a statement trigger: a guarded update that matched no row (a lost race) wakes nobody. H2 has
 * no such thing; the embedded node signals in-process instead ({@code SignallingJobStore}), so here
 * the migration does nothing. Versioned 6.1 so that it sorts after the jobs tables whatever number
 * the next table migration takes.
 */
public class V6_1__job_signals extends BaseJavaMigration {

  @Override
  public void migrate(Context context) throws Exception {
    String product = context.getConnection().getMetaData().getDatabaseProductName();
    if (!product.toLowerCase(java.util.Locale.ROOT).contains("postgres")) {
      return;
    }
    try (Statement s = context.getConnection().createStatement()) {
      s.execute("""
          CREATE OR REPLACE FUNCTION hearth_jobs_notify() RETURNS trigger AS $$
          BEGIN
            PERFORM pg_notify('hearth_jobs', TG_TABLE_SCHEMA);
            RETURN NULL;
          END;
          $$ LANGUAGE plpgsql""");
      s.execute("CREATE TRIGGER jobs_notify AFTER INSERT OR UPDATE OR DELETE ON jobs"
          + " FOR EACH ROW EXECUTE FUNCTION hearth_jobs_notify()");
    }
  }
}
