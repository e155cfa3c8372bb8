package dev.blacksmith.wanderer.jdbc;

import dev.blacksmith.spi.wanderer.WandererException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;
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
  private static final List<String> POSTGRES = List.of("postgres://", "postgresql://");
  private static final String JDBC_POSTGRES = "jdbc:postgresql:";
  // Unquoted identifiers only: the schema is written into SQL and the search path.
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** The options of the store's URL that are the store's own, not the database's. */
  private static final List<String> STORE_OPTIONS = List.of("schema", "poolSize");

  private WandererUrls() {}

  static boolean isSqlite(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    return lower.startsWith(SQLITE) || lower.startsWith(JDBC_SQLITE);
  }

  static boolean isPostgres(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    return lower.startsWith(JDBC_POSTGRES) || POSTGRES.stream().anyMatch(lower::startsWith);
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
   * A PostgreSQL URL taken apart. The wanderer's own options ({@code schema}, {@code poolSize}) are
   * removed; every other option passes through to the driver, such as {@code sslmode=require}.
   *
   * @param jdbcUrl the driver's URL, without the user's credentials
   * @param user the user from the URL's user info, or {@code null} (then the driver's options)
   * @param password the password from the URL's user info, or {@code null}
   * @param schema where the tables live
   * @param poolSize the most connections the wanderer opens
   */
  record Postgres(
      String jdbcUrl,
      @Nullable String user,
      @Nullable String password,
      String schema,
      int poolSize) {

    /** The driver's properties: the credentials and the schema as the search path. */
    Properties properties() {
      Properties properties = new Properties();
      if (user != null) {
        properties.setProperty("user", user);
      }
      if (password != null) {
        properties.setProperty("password", password);
      }
      properties.setProperty("currentSchema", schema);
      properties.setProperty("ApplicationName", "blacksmith-wanderer");
      properties.setProperty("tcpKeepAlive", "true");
      return properties;
    }

    /** Host, port and database with the schema, for messages; never the password. */
    String describe() {
      String where = jdbcUrl.substring("jdbc:postgresql://".length());
      int mark = where.indexOf('?');
      return "PostgreSQL wanderer "
          + (mark < 0 ? where : where.substring(0, mark))
          + " (schema "
          + schema
          + ")";
    }

    @Override
    public String toString() {
      // Records print every component; this one holds a password.
      return describe();
    }
  }

  /**
   * Takes a PostgreSQL URL apart.
   *
   * @throws WandererException naming what is wrong, without the password
   */
  static Postgres postgres(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    int mark = url.indexOf('?');
    String base = mark < 0 ? url : url.substring(0, mark);
    String query = mark < 0 ? "" : url.substring(mark + 1);
    String schema = DEFAULT_SCHEMA;
    int poolSize = DEFAULT_POOL_SIZE;
    List<String> passed = new ArrayList<>();
    for (String option : query.split("&")) {
      if (option.isEmpty()) {
        continue;
      }
      int equals = option.indexOf('=');
      String key = equals < 0 ? option : option.substring(0, equals);
      String value = equals < 0 ? "" : decode(option.substring(equals + 1));
      switch (key) {
        case "schema" -> schema = value;
        case "poolSize" -> poolSize = poolSize(value, url);
        case "currentSchema" ->
            throw new WandererException(
                "the wanderer sets the search path itself: use schema= instead of currentSchema="
                    + " in "
                    + redact(url));
        default -> passed.add(option);
      }
    }
    if (!IDENTIFIER.matcher(schema).matches()) {
      throw new WandererException(
          "invalid schema '"
              + schema
              + "' in the PostgreSQL URL "
              + redact(url)
              + ": use lowercase letters, digits and underscores");
    }
    String options = passed.isEmpty() ? "" : "?" + String.join("&", passed);
    if (lower.startsWith(JDBC_POSTGRES)) {
      if (!lower.startsWith(JDBC_POSTGRES + "//")) {
        throw new WandererException(
            "expected jdbc:postgresql://host[:port]/database, got " + redact(url));
      }
      return new Postgres(base + options, null, null, schema, poolSize);
    }
    String scheme = POSTGRES.stream().filter(lower::startsWith).findFirst().orElseThrow();
    String rest = base.substring(scheme.length());
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String database = slash < 0 ? "" : rest.substring(slash + 1);
    String user = null;
    String password = null;
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String info = authority.substring(0, at);
      authority = authority.substring(at + 1);
      int colon = info.indexOf(':');
      user = decode(colon < 0 ? info : info.substring(0, colon));
      password = colon < 0 ? null : decode(info.substring(colon + 1));
    }
    if (authority.isEmpty()) {
      throw new WandererException("the PostgreSQL URL " + redact(url) + " has no host");
    }
    return new Postgres(
        "jdbc:postgresql://" + authority + "/" + database + options,
        user == null || user.isEmpty() ? null : user,
        password,
        schema,
        poolSize);
  }

  /**
   * The wanderer URL matching the store URL {@code storeUrl}: the same SQLite file, or the same
   * PostgreSQL database without the store's own options ({@code schema}, {@code poolSize}), so the
   * wanderer's tables land in its own schema. Other URLs are returned unchanged.
   */
  static String fromStoreUrl(String storeUrl) {
    if (!isPostgres(storeUrl)) {
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

  /** {@code url} without the password of a {@code scheme://user:password@host} form. */
  static String redact(String url) {
    return url.replaceAll("(://[^/:@?]*):[^@/?]*@", "$1:***@")
        .replaceAll("(?i)([?&]password=)[^&]*", "$1***");
  }

  private static String decode(String value) {
    return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static int poolSize(String value, String url) {
    try {
      int size = Integer.parseInt(value);
      if (size >= 1) {
        return size;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new WandererException("poolSize must be a whole number of at least 1 in " + redact(url));
  }
}
