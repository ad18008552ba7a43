package io.hearth.store.functions;

import io.hearth.store.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The function store's conformance suite on the embedded H2 file database. */
class H2FunctionStoreTest extends FunctionStoreContract {

  @RegisterExtension static final TestDatabase DB = TestDatabase.h2();

  @Override
  public FunctionStore functions() {
    return DB.database() == null ? null : new JdbcFunctionStore(DB.database());
  }
}
