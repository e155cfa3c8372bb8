package dev.blacksmith.supervisor.postgres;

import dev.blacksmith.spi.jdbc.PostgresUrl;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The supervisor's reading of a PostgreSQL URL, which {@link PostgresUrl} takes apart. Its own
 * options are {@code schema}, and {@code user} and {@code password}, which win over the URL's user
 * info; every other option goes to the driver as it is. A URL without a host means {@code
 * localhost}.
 */
final class SupervisorUrl {

  static final String DEFAULT_SCHEMA = "blacksmith_supervisor";

  private static final Set<String> OWN = Set.of("schema", "user", "password");

  private final PostgresUrl url;
  private final @Nullable String user;
  private final @Nullable String password;
  private final String schema;

  private SupervisorUrl(
      PostgresUrl url, @Nullable String user, @Nullable String password, String schema) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.schema = schema;
  }

  /**
   * Takes {@code url} apart.
   *
   * @throws IllegalArgumentException naming what is wrong, without the password
   */
  static SupervisorUrl parse(String url) {
    PostgresUrl parsed = PostgresUrl.parse(url, OWN, "localhost");
    return new SupervisorUrl(
        parsed,
        parsed.option("user").orElse(parsed.user()),
        parsed.option("password").orElse(parsed.password()),
        parsed.identifier("schema", DEFAULT_SCHEMA));
  }

  /** The driver's URL, without user, password or schema. */
  String jdbcUrl() {
    return url.jdbcUrl();
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
    return url + " (user " + user + ", schema " + schema + ")";
  }
}
