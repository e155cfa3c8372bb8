package dev.blacksmith.store.jdbc;

import dev.blacksmith.spi.jdbc.PostgresUrl;
import dev.blacksmith.spi.store.StoreException;
import java.util.Properties;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The store's reading of a PostgreSQL URL, which {@link PostgresUrl} takes apart: the store's own
 * options are {@code schema} and {@code poolSize}; every other option passes through to the driver,
 * such as {@code sslmode=require}.
 *
 * @param url the URL taken apart
 * @param schema where the tables live, a plain lowercase identifier
 * @param poolSize the most connections the store's pool opens
 */
record PostgresStoreUrl(PostgresUrl url, String schema, int poolSize) {

  static final String DEFAULT_SCHEMA = "blacksmith_store";
  static final int DEFAULT_POOL_SIZE = 8;

  // currentSchema is taken out only to be refused: the store sets the search path itself.
  private static final Set<String> OWN = Set.of("schema", "poolSize", "currentSchema");

  /**
   * Takes {@code url} apart.
   *
   * @throws StoreException naming what is wrong, without the password
   */
  static PostgresStoreUrl parse(String url) {
    try {
      PostgresUrl parsed = PostgresUrl.parse(url, OWN);
      if (parsed.option("currentSchema").isPresent()) {
        throw new StoreException(
            "the store sets the search path itself: use schema= instead of currentSchema= in "
                + PostgresUrl.redact(url));
      }
      return new PostgresStoreUrl(
          parsed,
          parsed.identifier("schema", DEFAULT_SCHEMA),
          parsed.positiveInt("poolSize", DEFAULT_POOL_SIZE));
    } catch (IllegalArgumentException e) {
      throw new StoreException(e.getMessage(), e);
    }
  }

  /** The driver's URL, without the user's credentials or the store's options. */
  String jdbcUrl() {
    return url.jdbcUrl();
  }

  /** The user from the URL's user info, or {@code null} (then the driver's options). */
  @Nullable String user() {
    return url.user();
  }

  /** The password from the URL's user info, or {@code null}. */
  @Nullable String password() {
    return url.password();
  }

  /** The driver's connection properties: the credentials and the schema as the search path. */
  Properties properties() {
    Properties properties = url.driverProperties();
    properties.setProperty("currentSchema", schema);
    return properties;
  }

  /** Host, port and database with the schema, for messages; never the password. */
  String describe() {
    return "PostgreSQL store " + url.location() + " (schema " + schema + ")";
  }

  @Override
  public String toString() {
    return describe();
  }
}
