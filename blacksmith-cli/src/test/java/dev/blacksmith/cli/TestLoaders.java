package dev.blacksmith.cli;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.Objects;

/**
 * Class loaders that see one of the service files under {@code src/test/resources/applications}, on
 * top of the test class path (which lists no application itself).
 */
final class TestLoaders {

  private TestLoaders() {}

  /** A loader seeing {@code applications/<name>/META-INF/services/...}. */
  static ClassLoader withServiceFile(String name) {
    URL root =
        Objects.requireNonNull(TestLoaders.class.getResource("/applications/" + name + "/"), name);
    return new URLClassLoader(new URL[] {root}, TestLoaders.class.getClassLoader());
  }

  /** The test class path alone: no application is registered on it. */
  static ClassLoader withoutApplications() {
    return TestLoaders.class.getClassLoader();
  }
}
