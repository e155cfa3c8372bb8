package dev.blacksmith.examples.demo;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Destination;
import dev.blacksmith.destination.Toolkit;
import dev.blacksmith.destination.WithHooks;
import java.nio.file.Path;
import java.util.Map;

/**
 * Destination {@code warehouse}: a SQLite table loaded in batches on a schedule, see {@link
 * Insert}. Its {@link WithHooks#init} creates the table before the first load.
 */
final class WarehouseDestination implements Destination, WithHooks {

  static final String NAME = "warehouse";

  private final Warehouse warehouse;
  private final Map<String, Action> actions;

  WarehouseDestination(Path path) {
    this.warehouse = new Warehouse(path);
    this.actions = Map.of(Insert.NAME, Insert.into(warehouse));
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
    warehouse.createTable();
    toolkit
        .logger()
        .info("destination warehouse inserts into {}", warehouse.path().toAbsolutePath());
  }
}
