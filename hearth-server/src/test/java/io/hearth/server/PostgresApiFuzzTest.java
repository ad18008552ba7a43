package io.hearth.server;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/** {@link ApiFuzz} on PostgreSQL (which refuses more than H2: NUL in text, for one). Skipped when it is down. */
class PostgresApiFuzzTest extends ApiFuzz {
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
