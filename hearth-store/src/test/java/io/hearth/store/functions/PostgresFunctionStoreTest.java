package io.hearth.store.functions;

import io.hearth.store.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The function store's conformance suite on the local PostgreSQL, skipped when it is not reachable. */
class PostgresFunctionStoreTest extends FunctionStoreContract {

  @RegisterExtension static final TestDatabase DB = TestDatabase.postgres();

  @Override
  public FunctionStore functions() {
    return DB.database() == null ? null : new JdbcFunctionStore(DB.database());
  }
}
