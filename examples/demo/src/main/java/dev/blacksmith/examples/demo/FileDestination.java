package dev.blacksmith.examples.demo;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Destination;
import dev.blacksmith.destination.Toolkit;
import dev.blacksmith.destination.WithHooks;
import java.nio.file.Path;
import java.util.Map;

/**
 * Destination {@code file}: a JSON-lines file with one line per job, see {@link Append}. It shows
 * {@link WithHooks}: the file is opened when the scheduler starts and closed when it stops.
 */
final class FileDestination implements Destination, WithHooks {

  static final String NAME = "file";

  private final JsonLinesFile file;
  private final Map<String, Action> actions;

  FileDestination(Path path) {
    this(new JsonLinesFile(path));
  }

  FileDestination(JsonLinesFile file) {
    this.file = file;
    this.actions = Map.of(Append.NAME, Append.into(file));
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
    file.open();
    toolkit.logger().info("destination file appends to {}", file.path().toAbsolutePath());
  }

  @Override
  public void shutdown(Toolkit toolkit) throws Exception {
    file.close();
  }
}
