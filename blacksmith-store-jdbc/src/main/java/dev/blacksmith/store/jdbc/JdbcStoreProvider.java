package dev.blacksmith.store.jdbc;

import dev.blacksmith.spi.store.Store;
import dev.blacksmith.spi.store.StoreProvider;

/**
 * Opens {@link JdbcStore}s for {@code sqlite:<path>} and {@code jdbc:sqlite:<path>} URLs, such as
 * {@code sqlite:blacksmith.db}; registered for {@link java.util.ServiceLoader}.
 */
public final class JdbcStoreProvider implements StoreProvider {

  @Override
  public boolean supports(String url) {
    return JdbcStore.supports(url);
  }

  @Override
  public Store open(String url) {
    return JdbcStore.open(url);
  }
}
