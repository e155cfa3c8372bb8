package dev.blacksmith.spi.wanderer;

/**
 * Opens a {@link Wanderer} from a URL ({@code BLACKSMITH_WANDERER_URL}, by default the store's);
 * found with {@link java.util.ServiceLoader}. The first provider that {@link #supports} the URL
 * opens it.
 */
public interface WandererProvider {

  /** Whether this provider opens {@code url}, such as {@code sqlite:blacksmith.db}. */
  boolean supports(String url);

  /**
   * Opens the wanderer at {@code url}; its schema is not migrated until {@link Wanderer#migrate()}.
   *
   * @throws WandererException when it cannot be opened
   */
  Wanderer open(String url);
}
