package dev.blacksmith.wanderer.jdbc;

import dev.blacksmith.spi.jdbc.PostgresUrl;
import dev.blacksmith.spi.wanderer.WandererException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The URL forms the JDBC wanderer opens, taken apart: {@code sqlite:<path>}, {@code
 * jdbc:sqlite:<path>}, {@code postgres://user:password@host:port/db?options}, {@code
 * postgresql://...} and {@code jdbc:postgresql://host:port/db?options}. These are the store's
 * forms, so that the store's URL also works for the wanderer.
 */
final class WandererUrls {

  static final String DEFAULT_SCHEMA = "blacksmith_wanderer";
  static final int DEFAULT_POOL_SIZE = 2;

  private static final String SQLITE = "sqlite:";
  private static final String JDBC_SQLITE = "jdbc:sqlite:";
  // currentSchema is taken out only to be refused: the wanderer sets the search path itself.
  private static final Set<String> POSTGRES_OPTIONS = Set.of("schema", "poolSize", "currentSchema");

  /** The options of the store's URL that are the store's own, not the database's. */
  private static final List<String> STORE_OPTIONS = List.of("schema", "poolSize");

  private WandererUrls() {}

  static boolean isSqlite(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    return lower.startsWith(SQLITE) || lower.startsWith(JDBC_SQLITE);
  }

  /**
   * The SQLite file of {@code url}.
   *
   * @throws WandererException when the URL has no path, or asks for an in-memory database or URI
   *     options
   */
  static Path sqliteFile(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    String path;
    if (lower.startsWith(JDBC_SQLITE)) {
      path = url.substring(JDBC_SQLITE.length());
    } else if (lower.startsWith(SQLITE)) {
      path = url.substring(SQLITE.length());
    } else {
      throw new WandererException("not a SQLite URL: '" + url + "'; expected sqlite:<path>");
    }
    if (path.isBlank()) {
      throw new WandererException("the SQLite URL '" + url + "' has no file path");
    }
    // Every connection to an in-memory database is a database of its own.
    if (path.startsWith(":memory:") || path.contains("mode=memory")) {
      throw new WandererException(
          "in-memory SQLite is not supported ('" + url + "'); give a file path instead");
    }
    if (path.startsWith("file:") || path.contains("?")) {
      throw new WandererException(
          "SQLite URI options are not supported ('" + url + "'); give a plain file path");
    }
    try {
      return Path.of(path);
    } catch (InvalidPathException e) {
      throw new WandererException("invalid SQLite file path in '" + url + "'", e);
    }
  }

  /**
   * The wanderer's reading of a PostgreSQL URL, which {@link PostgresUrl} takes apart: the
   * wanderer's own options are {@code schema} and {@code poolSize}; every other option passes
   * through to the driver, such as {@code sslmode=require}.
   *
   * @param url the URL taken apart
   * @param schema where the tables live, a plain lowercase identifier
   * @param poolSize the most connections the wanderer opens
   */
  record Postgres(PostgresUrl url, String schema, int poolSize) {

    /** The driver's URL, without the user's credentials or the wanderer's options. */
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

    /** The driver's properties: the credentials and the schema as the search path. */
    Properties properties() {
      Properties properties = url.driverProperties();
      properties.setProperty("currentSchema", schema);
      properties.setProperty("ApplicationName", "blacksmith-wanderer");
      properties.setProperty("tcpKeepAlive", "true");
      return properties;
    }

    /** Host, port and database with the schema, for messages; never the password. */
    String describe() {
      return "PostgreSQL wanderer " + url.location() + " (schema " + schema + ")";
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /**
   * Takes a PostgreSQL URL apart.
   *
   * @throws WandererException naming what is wrong, without the password
   */
  static Postgres postgres(String url) {
    try {
      PostgresUrl parsed = PostgresUrl.parse(url, POSTGRES_OPTIONS);
      if (parsed.option("currentSchema").isPresent()) {
        throw new WandererException(
            "the wanderer sets the search path itself: use schema= instead of currentSchema="
                + " in "
                + PostgresUrl.redact(url));
      }
      return new Postgres(
          parsed,
          parsed.identifier("schema", DEFAULT_SCHEMA),
          parsed.positiveInt("poolSize", DEFAULT_POOL_SIZE));
    } catch (IllegalArgumentException e) {
      throw new WandererException(e.getMessage(), e);
    }
  }

  /**
   * The wanderer URL matching the store URL {@code storeUrl}: the same SQLite file, or the same
   * PostgreSQL database without the store's own options ({@code schema}, {@code poolSize}), so the
   * wanderer's tables land in its own schema. Other URLs are returned unchanged.
   */
  static String fromStoreUrl(String storeUrl) {
    if (!PostgresUrl.matches(storeUrl)) {
      return storeUrl;
    }
    int mark = storeUrl.indexOf('?');
    if (mark < 0) {
      return storeUrl;
    }
    List<String> kept = new ArrayList<>();
    for (String option : storeUrl.substring(mark + 1).split("&")) {
      int equals = option.indexOf('=');
      String key = equals < 0 ? option : option.substring(0, equals);
      if (!option.isEmpty() && !STORE_OPTIONS.contains(key)) {
        kept.add(option);
      }
    }
    return storeUrl.substring(0, mark) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
  }
}
