package dev.blacksmith.store.jdbc;

import dev.blacksmith.spi.store.StoreException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL store URL taken apart: {@code postgres://user:password@host:port/db?options}, {@code
 * postgresql://...} or {@code jdbc:postgresql://host:port/db?options}. The store's own options
 * ({@code schema}, {@code poolSize}) are removed; every other option passes through to the driver
 * unchanged, such as {@code sslmode=require}.
 *
 * @param jdbcUrl the driver's URL, without the user's credentials
 * @param user the user from the URL's user info, or {@code null} (then the driver's options)
 * @param password the password from the URL's user info, or {@code null}
 * @param schema where the tables live, a plain lowercase identifier
 * @param poolSize the most connections the store's pool opens
 */
record PostgresUrl(
    String jdbcUrl, @Nullable String user, @Nullable String password, String schema, int poolSize) {

  static final String DEFAULT_SCHEMA = "blacksmith_store";
  static final int DEFAULT_POOL_SIZE = 8;

  private static final List<String> SHORT = List.of("postgres://", "postgresql://");
  private static final String JDBC = "jdbc:postgresql:";
  // Unquoted identifiers only: the schema is written into SQL and the search path.
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** Whether {@code url} is one of the PostgreSQL forms. */
  static boolean matches(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    return lower.startsWith(JDBC) || SHORT.stream().anyMatch(lower::startsWith);
  }

  /**
   * Takes {@code url} apart.
   *
   * @throws StoreException naming what is wrong, without the password
   */
  static PostgresUrl parse(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    String base;
    String query;
    int mark = url.indexOf('?');
    base = mark < 0 ? url : url.substring(0, mark);
    query = mark < 0 ? "" : url.substring(mark + 1);
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
            throw new StoreException(
                "the store sets the search path itself: use schema= instead of currentSchema= in "
                    + JdbcStore.redact(url));
        default -> passed.add(option);
      }
    }
    if (!IDENTIFIER.matcher(schema).matches()) {
      throw new StoreException(
          "invalid schema '"
              + schema
              + "' in the PostgreSQL URL "
              + JdbcStore.redact(url)
              + ": use lowercase letters, digits and underscores");
    }
    String options = passed.isEmpty() ? "" : "?" + String.join("&", passed);
    if (lower.startsWith(JDBC)) {
      if (!lower.startsWith(JDBC + "//")) {
        throw new StoreException(
            "expected jdbc:postgresql://host[:port]/database, got " + JdbcStore.redact(url));
      }
      return new PostgresUrl(base + options, null, null, schema, poolSize);
    }
    String scheme = SHORT.stream().filter(lower::startsWith).findFirst().orElseThrow();
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
      throw new StoreException("the PostgreSQL URL " + JdbcStore.redact(url) + " has no host");
    }
    return new PostgresUrl(
        "jdbc:postgresql://" + authority + "/" + database + options,
        user == null || user.isEmpty() ? null : user,
        password,
        schema,
        poolSize);
  }

  /** The driver's connection properties: the credentials and the schema as the search path. */
  Properties properties() {
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    properties.setProperty("currentSchema", schema);
    return properties;
  }

  /** Host, port and database with the schema, for messages; never the password. */
  String describe() {
    String where = jdbcUrl.substring("jdbc:postgresql://".length());
    int mark = where.indexOf('?');
    return "PostgreSQL store "
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
    throw new StoreException(
        "poolSize must be a whole number of at least 1 in " + JdbcStore.redact(url));
  }
}
