package dev.blacksmith.wanderer.jdbc;

import dev.blacksmith.spi.wanderer.Wanderer;
import dev.blacksmith.spi.wanderer.WandererProvider;

/**
 * Opens {@link JdbcWanderer}s for SQLite URLs ({@code sqlite:<path>}, {@code jdbc:sqlite:<path>})
 * and PostgreSQL URLs ({@code postgres://...}, {@code postgresql://...}, {@code
 * jdbc:postgresql://...}); registered for {@link java.util.ServiceLoader}. See {@link
 * JdbcWanderer#open(String)}.
 */
public final class JdbcWandererProvider implements WandererProvider {

  @Override
  public boolean supports(String url) {
    return JdbcWanderer.supports(url);
  }

  @Override
  public Wanderer open(String url) {
    return JdbcWanderer.open(url);
  }
}
