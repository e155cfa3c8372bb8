package dev.blacksmith.store.jdbc;

import dev.blacksmith.spi.store.Store;
import dev.blacksmith.testkit.store.StoreConformanceTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The conformance suite on the machine's PostgreSQL, each test in a fresh schema. */
class PostgresStoreConformanceTest extends StoreConformanceTest {

  private static final String SCHEMA = "blacksmith_conformance";
  private static boolean reached;

  @BeforeAll
  static void database() {
    PostgresTestDatabase.require();
    reached = true;
  }

  @AfterAll
  static void dropSchema() {
    if (reached) {
      PostgresTestDatabase.dropSchema(SCHEMA);
    }
  }

  @Override
  protected Store newStore() {
    PostgresTestDatabase.dropSchema(SCHEMA);
    return open();
  }

  @Override
  protected Store reopen(Store closed) {
    return open();
  }

  private static Store open() {
    JdbcStore store = JdbcStore.open(PostgresTestDatabase.url(SCHEMA));
    store.migrate();
    return store;
  }
}
