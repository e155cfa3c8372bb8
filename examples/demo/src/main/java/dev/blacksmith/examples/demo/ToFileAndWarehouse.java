package dev.blacksmith.examples.demo;

import dev.blacksmith.destination.Actions;
import dev.blacksmith.flow.Flow;
import dev.blacksmith.flow.Options;
import dev.blacksmith.flow.Toolkit;

/**
 * Flow {@code ToFileAndWarehouse}: each event goes to action {@code append} of destination {@code
 * file} and action {@code insert} of destination {@code warehouse}. It shows how a flow maps an
 * event to actions, and that a flow must be enabled to create jobs.
 *
 * @param data the event's data, as JSON text, which each action carries to its marshal
 */
record ToFileAndWarehouse(String data) implements Flow {

  @Override
  public Options options() {
    return Options.ENABLED;
  }

  @Override
  public Actions transform(Toolkit toolkit) {
    return Actions.builder()
        .add(FileDestination.NAME, Append.withData(data))
        .add(WarehouseDestination.NAME, Insert.withData(data))
        .build();
  }
}
