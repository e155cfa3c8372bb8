package dev.blacksmith.it;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Destination;
import dev.blacksmith.destination.Toolkit;
import dev.blacksmith.destination.WithHooks;
import java.util.Map;

/**
 * Destination {@code ledger}: records every load in PostgreSQL table {@code <schema>.entries}. Its
 * {@link #init} creates the schema and tables and registers this process (pid and scheduler id) in
 * {@code <schema>.instances}; {@link #shutdown} closes the connection pool.
 */
final class LedgerDestination implements Destination, WithHooks {

  static final String NAME = "ledger";

  private final Ledger ledger;
  private final Map<String, Action> actions;

  LedgerDestination(LedgerSettings settings) {
    this.ledger = new Ledger(settings);
    this.actions =
        Map.of(
            LedgerAction.Kind.RECORD.actionName,
            LedgerAction.loadingInto(LedgerAction.Kind.RECORD, ledger),
            LedgerAction.Kind.BATCH.actionName,
            LedgerAction.loadingInto(LedgerAction.Kind.BATCH, ledger));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Map<String, Action> actions() {
    return actions;
  }

  @Override
  public void init(Toolkit toolkit) throws Exception {
    String instance = toolkit.service() == null ? "unknown" : toolkit.service().id();
    ledger.open(instance);
    toolkit
        .logger()
        .info(
            "ledger in schema {}: process {} is scheduler {}",
            ledger.schema(),
            ProcessHandle.current().pid(),
            instance);
  }

  @Override
  public void shutdown(Toolkit toolkit) {
    ledger.close();
  }
}
