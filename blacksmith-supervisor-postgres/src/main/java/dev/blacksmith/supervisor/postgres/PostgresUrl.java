package dev.blacksmith.supervisor.postgres;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A supervisor URL taken apart: {@code postgres://user:password@host:5432/db?schema=s&sslmode=...},
 * {@code postgresql://...} or {@code jdbc:postgresql://host/db?user=u&password=p&schema=s}. Query
 * options other than {@code schema}, {@code user} and {@code password} go to the JDBC driver as
 * they are. Several hosts ({@code h1:5432,h2:5432}) are kept for the driver too.
 */
final class PostgresUrl {

  static final String DEFAULT_SCHEMA = "blacksmith_supervisor";

  private static final List<String> PREFIXES =
      List.of("jdbc:postgresql://", "postgresql://", "postgres://");

  // Lower case only: the schema is quoted in SQL, and a mixed-case name would surprise psql users.
  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final String jdbcUrl;
  private final @Nullable String user;
  private final @Nullable String password;
  private final String schema;

  private PostgresUrl(
      String jdbcUrl, @Nullable String user, @Nullable String password, String schema) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.schema = schema;
  }

  static boolean supports(String url) {
    return PREFIXES.stream().anyMatch(url::startsWith);
  }

  static PostgresUrl parse(String url) {
    String prefix =
        PREFIXES.stream()
            .filter(url::startsWith)
            .findFirst()
            .orElseThrow(() ->
                new IllegalArgumentException(
                    "not a PostgreSQL URL (expected one of " + PREFIXES + "): " + redact(url)));
    String rest = url.substring(prefix.length());
    int q = rest.indexOf('?');
    String query = q < 0 ? "" : rest.substring(q + 1);
    String beforeQuery = q < 0 ? rest : rest.substring(0, q);
    int slash = beforeQuery.indexOf('/');
    String authority = slash < 0 ? beforeQuery : beforeQuery.substring(0, slash);
    String database = slash < 0 ? "" : beforeQuery.substring(slash + 1);

    String user = null;
    String password = null;
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      authority = authority.substring(at + 1);
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
    }
    String hosts = authority.isEmpty() ? "localhost" : authority;

    String schema = DEFAULT_SCHEMA;
    List<String> driverOptions = new ArrayList<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      switch (name) {
        case "schema" -> schema = value;
        case "user" -> user = value;
        case "password" -> password = value;
        default -> driverOptions.add(pair);
      }
    }
    if (!SCHEMA.matcher(schema).matches()) {
      throw new IllegalArgumentException(
          "schema must match " + SCHEMA.pattern() + ", got '" + schema + "' in " + redact(url));
    }
    String jdbcUrl =
        "jdbc:postgresql://"
            + hosts
            + "/"
            + database
            + (driverOptions.isEmpty() ? "" : "?" + String.join("&", driverOptions));
    return new PostgresUrl(jdbcUrl, user, password, schema);
  }

  /** The driver's URL, without user, password or schema. */
  String jdbcUrl() {
    return jdbcUrl;
  }

  @Nullable String user() {
    return user;
  }

  @Nullable String password() {
    return password;
  }

  String schema() {
    return schema;
  }

  @Override
  public String toString() {
    return jdbcUrl + " (user " + user + ", schema " + schema + ")";
  }

  /** The URL with any password replaced, for messages. */
  static String redact(String url) {
    return url.replaceAll("(://[^:/@?]*):[^@/?]*@", "$1:***@")
        .replaceAll("([?&]password=)[^&]*", "$1***");
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
