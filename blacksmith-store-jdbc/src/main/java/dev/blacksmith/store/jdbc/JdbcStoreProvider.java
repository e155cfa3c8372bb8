package dev.blacksmith.store.jdbc;

import dev.blacksmith.spi.store.Store;
import dev.blacksmith.spi.store.StoreProvider;

/**
 * Opens {@link JdbcStore}s for SQLite URLs ({@code sqlite:<path>}, {@code jdbc:sqlite:<path>}) and
 * PostgreSQL URLs ({@code postgres://user:password@host:port/db}, {@code postgresql://...}, {@code
 * jdbc:postgresql://...}, with {@code ?schema=} and {@code ?poolSize=} options and the driver's
 * own, such as {@code ?sslmode=require}); registered for {@link java.util.ServiceLoader}. See
 * {@link JdbcStore#open(String)}.
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
