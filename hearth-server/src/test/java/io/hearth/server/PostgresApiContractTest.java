package io.hearth.server;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * {@link ApiContract} on PostgreSQL, in a fresh schema of the local database {@code test},
 * reached by a {@code postgres://} URL as Fn's FN_DB_URL is written. Skipped when PostgreSQL is
 * not running.
 */
class PostgresApiContractTest extends ApiContract {
  private PostgresTestSchema schema;

  @Override
  Map<String, String> settings() {
    schema = PostgresTestSchema.create();
    return Map.of("HEARTH_DB_URL", schema.url());
  }

  @AfterAll
  void dropSchema() {
    if (schema != null) {
      schema.close();
    }
  }
}
