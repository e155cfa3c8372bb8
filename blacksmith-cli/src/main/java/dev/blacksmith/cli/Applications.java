package dev.blacksmith.cli;

import dev.blacksmith.engine.Application;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Finds the application to run: exactly one {@link Application} registered with ServiceLoader. */
final class Applications {

  static final String SERVICE_FILE = "META-INF/services/" + Application.class.getName();

  private Applications() {}

  /**
   * The one application visible to {@code loader}.
   *
   * @throws ConfigurationException when there is none, several, or one cannot be instantiated,
   *     naming what was found
   */
  static Application findOne(ClassLoader loader) {
    return findOne(loader, "on the class path");
  }

  /**
   * The one application visible to {@code loader}, found {@code where} (such as {@code "in --app
   * target/classes"}), which error messages name.
   */
  static Application findOne(ClassLoader loader, String where) {
    return findAtMostOne(loader, where)
        .orElseThrow(() ->
            new ConfigurationException(
                "no application found "
                    + where
                    + ": list the class implementing "
                    + Application.class.getName()
                    + " in "
                    + SERVICE_FILE
                    + ", or name built-in modules in "
                    + BuiltInModules.VARIABLE));
  }

  /**
   * The application visible to {@code loader}, if there is one, found {@code where}.
   *
   * @throws ConfigurationException when there are several, or one cannot be instantiated
   */
  static Optional<Application> findAtMostOne(ClassLoader loader, String where) {
    List<ServiceLoader.Provider<Application>> found = new ArrayList<>();
    try {
      ServiceLoader.load(Application.class, loader).stream().forEach(found::add);
    } catch (ServiceConfigurationError e) {
      throw new ConfigurationException(
          "cannot load the applications listed in "
              + SERVICE_FILE
              + " "
              + where
              + ": "
              + e.getMessage(),
          e);
    }
    if (found.isEmpty()) {
      return Optional.empty();
    }
    if (found.size() > 1) {
      throw new ConfigurationException(
          "found "
              + found.size()
              + " applications "
              + where
              + ", expected exactly one: "
              + found.stream().map(p -> p.type().getName()).toList()
              + "; keep one of them in "
              + SERVICE_FILE);
    }
    ServiceLoader.Provider<Application> only = found.get(0);
    try {
      return Optional.of(only.get());
    } catch (ServiceConfigurationError e) {
      throw new ConfigurationException(
          "cannot create application " + only.type().getName() + ": " + Main.messages(e), e);
    }
  }
}
