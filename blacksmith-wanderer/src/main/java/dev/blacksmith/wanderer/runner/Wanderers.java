package dev.blacksmith.wanderer.runner;

import dev.blacksmith.engine.Options;
import dev.blacksmith.spi.supervisor.Supervisor;
import dev.blacksmith.spi.supervisor.SupervisorProvider;
import dev.blacksmith.spi.wanderer.Wanderer;
import dev.blacksmith.spi.wanderer.WandererException;
import dev.blacksmith.spi.wanderer.WandererProvider;
import dev.blacksmith.wanderer.jdbc.JdbcWanderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Opens the adapters a migration run needs, from the same settings as {@code blacksmith start}: the
 * wanderer ({@value #URL_VARIABLE}, by default the store's database) and the supervisor.
 */
public final class Wanderers {

  /** The environment variable naming the wanderer's URL. */
  public static final String URL_VARIABLE = "BLACKSMITH_WANDERER_URL";

  private Wanderers() {}

  /**
   * The wanderer URL: {@value #URL_VARIABLE} from {@code env} when set, otherwise the store's
   * database ({@link JdbcWanderer#urlForStore}: its SQLite file, or its PostgreSQL database in the
   * schema {@code blacksmith_wanderer}).
   */
  public static String url(Map<String, String> env, Options options) {
    String configured = env.get(URL_VARIABLE);
    if (configured != null && !configured.isBlank()) {
      return configured.trim();
    }
    return JdbcWanderer.urlForStore(options.storeUrl());
  }

  /**
   * Opens the wanderer at {@code url} with the first {@link WandererProvider} that supports it, and
   * migrates its tables. It may share the store's database, before or after the store's own tables
   * are there: each keeps its own Flyway history.
   *
   * @throws WandererException naming the providers found when none supports the URL, or when it
   *     cannot be opened or migrated
   */
  public static Wanderer openMigrated(String url) {
    Wanderer wanderer = open(url);
    try {
      wanderer.migrate();
    } catch (RuntimeException e) {
      wanderer.close();
      throw e;
    }
    return wanderer;
  }

  /**
   * Opens the wanderer at {@code url} with the first {@link WandererProvider} that supports it; not
   * migrated.
   *
   * @throws WandererException naming the providers found when none supports the URL
   */
  public static Wanderer open(String url) {
    List<String> tried = new ArrayList<>();
    for (WandererProvider p : ServiceLoader.load(WandererProvider.class)) {
      tried.add(p.getClass().getName());
      if (p.supports(url)) {
        return p.open(url);
      }
    }
    throw new WandererException(
        "no wanderer adapter supports '"
            + JdbcWanderer.redact(url)
            + "'; adapters found: "
            + (tried.isEmpty() ? "none (add blacksmith-wanderer)" : tried));
  }

  /**
   * The supervisor of {@code options}, as {@code blacksmith start} picks it: the instance given,
   * else {@link Options#supervisorUrl()}, else the store's PostgreSQL database when the store is
   * PostgreSQL, else the in-process one (which locks within this process only).
   *
   * @throws IllegalStateException naming the providers found when none supports the URL
   */
  public static Supervisor supervisor(Options options) {
    if (options.supervisor() != null) {
      return options.supervisor();
    }
    String url = options.supervisorUrl();
    if (url == null) {
      boolean shared =
          options.store() == null && options.storeUrl().matches("(?i)(jdbc:)?postgres(ql)?:.*");
      url = shared ? options.storeUrl() : "inprocess:";
    }
    List<String> tried = new ArrayList<>();
    for (SupervisorProvider p : ServiceLoader.load(SupervisorProvider.class)) {
      tried.add(p.getClass().getName());
      if (p.supports(url)) {
        Supervisor supervisor = p.open(url);
        try {
          supervisor.init();
        } catch (RuntimeException e) {
          supervisor.close();
          throw e;
        }
        return supervisor;
      }
    }
    throw new IllegalStateException(
        "no supervisor adapter supports the URL given (scheme "
            + url.replaceAll(":.*", ":")
            + "); adapters found: "
            + tried
            + (url.contains("postgres") ? " (add blacksmith-supervisor-postgres)" : ""));
  }
}
