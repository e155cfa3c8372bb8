package dev.blacksmith.spi.store;

/**
 * Opens a {@link Store} from a URL; found with {@link java.util.ServiceLoader}. The engine picks
 * the first provider that {@link #supports} the configured URL ({@code BLACKSMITH_STORE_URL}).
 */
public interface StoreProvider {

  /** Whether this provider opens {@code url}, such as {@code sqlite:./blacksmith.db}. */
  boolean supports(String url);

  /**
   * Opens the store at {@code url}; the schema is not migrated until {@link Store#migrate()}.
   *
   * @throws StoreException when it cannot be opened
   */
  Store open(String url);
}
