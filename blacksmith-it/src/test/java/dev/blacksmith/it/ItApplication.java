package dev.blacksmith.it;

import dev.blacksmith.engine.Application;
import dev.blacksmith.engine.Options;
import java.util.Map;

/**
 * The application the integration tests run with {@code blacksmith start}: source {@code it} takes
 * {@code POST /it/events} with {@code {"n": <int>}}; each event gets two jobs for destination
 * {@code ledger}, action {@code record} (realtime) and action {@code batch} (every two seconds).
 * Every load writes one row per job into a ledger table, so the tests see each load.
 *
 * <p>Environment: {@code IT_LEDGER_URL}, the JDBC URL of the ledger's PostgreSQL database (user in
 * the URL); {@code IT_LEDGER_SCHEMA}, the ledger's schema, created at start; optional {@code
 * IT_LOAD_PAUSE_MS}, a pause between a load's ledger write and its report, the time in which a
 * process killed leaves jobs loaded but still {@code executing}.
 */
public final class ItApplication implements Application {

  private final Map<String, String> env;

  /** As {@link java.util.ServiceLoader} creates it, configured from the environment. */
  public ItApplication() {
    this(System.getenv());
  }

  ItApplication(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public void configure(Options.Builder options) {
    options.source(new ItSource()).destination(new LedgerDestination(LedgerSettings.from(env)));
  }
}
