package dev.blacksmith.supervisor.postgres;

import dev.blacksmith.spi.supervisor.Supervisor;
import dev.blacksmith.spi.supervisor.SupervisorProvider;

/**
 * Opens a {@link PostgresSupervisor} for {@code postgres://}, {@code postgresql://} and {@code
 * jdbc:postgresql://} URLs, such as {@code postgres://blacksmith:secret@db:5432/app?schema=locks}.
 * User and password come from the URL (before {@code @}, or as {@code user=} and {@code password=}
 * options); {@code schema=} names the schema of the tables (default {@code blacksmith_supervisor});
 * other options go to the PostgreSQL JDBC driver. Registered for {@link java.util.ServiceLoader}.
 */
public final class PostgresSupervisorProvider implements SupervisorProvider {

  @Override
  public boolean supports(String url) {
    return PostgresSupervisor.supports(url);
  }

  @Override
  public Supervisor open(String url) {
    return PostgresSupervisor.open(url);
  }
}
