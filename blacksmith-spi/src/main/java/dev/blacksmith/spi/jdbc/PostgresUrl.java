package dev.blacksmith.spi.jdbc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL URL taken apart, in any of the forms the adapters accept: {@code
 * postgres://user:password@host:port/db?options}, {@code postgresql://...} and {@code
 * jdbc:postgresql://host:port/db?options}. Several hosts ({@code h1:5432,h2:5432}) and IPv6
 * literals ({@code [::1]:5432}) are kept for the driver; percent-encoded credentials are decoded.
 *
 * <p>Each adapter names the options that are its own, such as {@code schema}; they are taken out
 * and read with {@link #option}, {@link #identifier} and {@link #positiveInt}. Every other option
 * passes through to the driver unchanged, such as {@code sslmode=require}. Defaults and the meaning
 * of the own options stay with the adapter.
 *
 * <p>Errors are {@link IllegalArgumentException}s that name what is wrong and show the URL {@link
 * #redact redacted}; adapters rethrow them as their own exception type where they have one.
 */
public final class PostgresUrl {

  private static final String JDBC = "jdbc:postgresql:";
  private static final List<String> SHORT = List.of("postgres://", "postgresql://");
  private static final String DRIVER_PREFIX = "jdbc:postgresql://";
  // Unquoted identifiers only: adapters write them into SQL and the search path.
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final String url;
  private final String hosts;
  private final String database;
  private final List<String> driverOptions;
  private final @Nullable String user;
  private final @Nullable String password;
  private final Set<String> ownNames;
  private final Map<String, String> own;

  private PostgresUrl(
      String url,
      String hosts,
      String database,
      List<String> driverOptions,
      @Nullable String user,
      @Nullable String password,
      Set<String> ownNames,
      Map<String, String> own) {
    this.url = url;
    this.hosts = hosts;
    this.database = database;
    this.driverOptions = List.copyOf(driverOptions);
    this.user = user;
    this.password = password;
    this.ownNames = Set.copyOf(ownNames);
    this.own = Map.copyOf(own);
  }

  /** Whether {@code url} is in one of the PostgreSQL forms (the scheme in any case). */
  public static boolean matches(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    return lower.startsWith(JDBC) || SHORT.stream().anyMatch(lower::startsWith);
  }

  /**
   * Takes {@code url} apart, taking {@code ownOptions} out of its query; the URL must name a host.
   *
   * @throws IllegalArgumentException when {@code url} is not a PostgreSQL URL of a supported form
   *     or names no host; the message never holds the password
   */
  public static PostgresUrl parse(String url, Set<String> ownOptions) {
    return parse(url, ownOptions, null);
  }

  /**
   * As {@link #parse(String, Set)}, with {@code defaultHost} standing in when the URL names no host
   * (as in {@code postgres:///db}, which libpq reads as the local server).
   */
  public static PostgresUrl parse(
      String url, Set<String> ownOptions, @Nullable String defaultHost) {
    String lower = url.toLowerCase(Locale.ROOT);
    String rest;
    if (lower.startsWith(JDBC)) {
      if (!lower.startsWith(DRIVER_PREFIX)) {
        throw new IllegalArgumentException(
            "expected jdbc:postgresql://host[:port]/database, got " + redact(url));
      }
      rest = url.substring(DRIVER_PREFIX.length());
    } else {
      String scheme =
          SHORT.stream()
              .filter(lower::startsWith)
              .findFirst()
              .orElseThrow(() ->
                  new IllegalArgumentException(
                      "not a PostgreSQL URL (expected postgres://, postgresql:// or "
                          + DRIVER_PREFIX
                          + "): "
                          + redact(url)));
      rest = url.substring(scheme.length());
    }
    int mark = rest.indexOf('?');
    String query = mark < 0 ? "" : rest.substring(mark + 1);
    String path = mark < 0 ? rest : rest.substring(0, mark);

    Map<String, String> own = new HashMap<>();
    List<String> passed = new ArrayList<>();
    for (String option : query.split("&")) {
      if (option.isEmpty()) {
        continue;
      }
      int equals = option.indexOf('=');
      String key = decode(equals < 0 ? option : option.substring(0, equals), url);
      if (ownOptions.contains(key)) {
        // The last occurrence wins, as it would for the driver.
        own.put(key, equals < 0 ? "" : decode(option.substring(equals + 1), url));
      } else {
        passed.add(option);
      }
    }

    int slash = path.indexOf('/');
    String authority = slash < 0 ? path : path.substring(0, slash);
    String database = slash < 0 ? "" : path.substring(slash + 1);
    String user = null;
    String password = null;
    // The last '@': a raw '@' may stand in an unencoded password.
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String info = authority.substring(0, at);
      authority = authority.substring(at + 1);
      int colon = info.indexOf(':');
      user = decode(colon < 0 ? info : info.substring(0, colon), url);
      password = colon < 0 ? null : decode(info.substring(colon + 1), url);
    }
    if (authority.isEmpty()) {
      if (defaultHost == null) {
        throw new IllegalArgumentException("the PostgreSQL URL " + redact(url) + " has no host");
      }
      authority = defaultHost;
    }
    return new PostgresUrl(
        url,
        authority,
        database,
        passed,
        user == null || user.isEmpty() ? null : user,
        password,
        ownOptions,
        own);
  }

  /**
   * The driver's URL: hosts, database and the driver's options, without the credentials of the user
   * info and without the adapter's own options. Credentials given as {@code user=} and {@code
   * password=} options stay in it unless the adapter named them as its own.
   */
  public String jdbcUrl() {
    return DRIVER_PREFIX
        + hosts
        + "/"
        + database
        + (driverOptions.isEmpty() ? "" : "?" + String.join("&", driverOptions));
  }

  /** The user of the URL's user info, or {@code null} when it names none. */
  public @Nullable String user() {
    return user;
  }

  /** The password of the URL's user info, or {@code null} when it names none. */
  public @Nullable String password() {
    return password;
  }

  /** Hosts and database, such as {@code db.example:6432/events}, for messages. */
  public String location() {
    return hosts + "/" + database;
  }

  /**
   * The value of the own option {@code name}, decoded, or empty when the URL does not give it.
   *
   * @throws IllegalArgumentException when {@code name} was not named as an own option at parsing
   */
  public Optional<String> option(String name) {
    if (!ownNames.contains(name)) {
      throw new IllegalArgumentException(
          "'" + name + "' is not one of the own options " + ownNames + " of this URL");
    }
    return Optional.ofNullable(own.get(name));
  }

  /**
   * The own option {@code name}, or {@code otherwise} when absent, as a plain lowercase SQL
   * identifier (letters, digits, underscores; at most 63 characters).
   *
   * @throws IllegalArgumentException naming the option and the URL, redacted, when it is not one
   */
  public String identifier(String name, String otherwise) {
    String value = option(name).orElse(otherwise);
    if (!IDENTIFIER.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "invalid "
              + name
              + " '"
              + value
              + "' in the PostgreSQL URL "
              + redact(url)
              + ": use lowercase letters, digits and underscores");
    }
    return value;
  }

  /**
   * The own option {@code name}, or {@code otherwise} when absent, as a whole number of at least 1.
   *
   * @throws IllegalArgumentException naming the option and the URL, redacted, when it is not one
   */
  public int positiveInt(String name, int otherwise) {
    Optional<String> value = option(name);
    if (value.isEmpty()) {
      return otherwise;
    }
    try {
      int number = Integer.parseInt(value.get());
      if (number >= 1) {
        return number;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException(
        name + " must be a whole number of at least 1 in " + redact(url));
  }

  /**
   * The driver's connection properties for the user info's credentials: {@code user} and {@code
   * password} where the URL gives them. Adapters add their own; the driver lets options in {@link
   * #jdbcUrl()} win over properties.
   */
  public Properties driverProperties() {
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    return properties;
  }

  /**
   * {@code url} with its password hidden, for messages: the password of a {@code
   * scheme://user:password@host} form and any {@code password=} option. Any URL may be given, of
   * any scheme.
   */
  public static String redact(String url) {
    return url.replaceAll("(://[^/:@?]*):[^@/?]*@", "$1:***@")
        .replaceAll("(?i)([?&]password=)[^&]*", "$1***");
  }

  /** The driver's URL with any password option hidden; never the password. */
  @Override
  public String toString() {
    return redact(jdbcUrl());
  }

  // '+' is a plus in a URL's user info, not the space of a form encoding.
  @SuppressWarnings("UnusedException") // Its message quotes the text, which may be the password.
  private static String decode(String value, String url) {
    try {
      return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid percent-encoding in the PostgreSQL URL " + redact(url));
    }
  }
}
