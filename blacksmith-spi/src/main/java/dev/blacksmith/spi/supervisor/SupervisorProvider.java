package dev.blacksmith.spi.supervisor;

/**
 * Opens a {@link Supervisor} from a URL ({@code BLACKSMITH_SUPERVISOR_URL}, such as {@code
 * postgres://user@host:5432/db}); found with {@link java.util.ServiceLoader}.
 */
public interface SupervisorProvider {

  boolean supports(String url);

  Supervisor open(String url);
}
