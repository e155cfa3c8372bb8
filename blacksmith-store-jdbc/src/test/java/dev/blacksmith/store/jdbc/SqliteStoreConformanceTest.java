package dev.blacksmith.store.jdbc;

import dev.blacksmith.spi.store.Store;
import dev.blacksmith.testkit.store.StoreConformanceTest;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreConformanceTest extends StoreConformanceTest {

  @TempDir Path dir;

  private final IdentityHashMap<Store, Path> files = new IdentityHashMap<>();

  @Override
  protected Store newStore() {
    return open(dir.resolve("store-" + files.size() + ".db"));
  }

  @Override
  protected Store reopen(Store closed) {
    return open(files.get(closed));
  }

  private Store open(Path file) {
    JdbcStore store = JdbcStore.open("sqlite:" + file);
    store.migrate();
    files.put(store, file);
    return store;
  }
}
