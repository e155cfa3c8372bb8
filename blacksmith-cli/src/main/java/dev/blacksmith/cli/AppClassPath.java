package dev.blacksmith.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The class path given with {@code --app}: jars, directories of classes such as Maven's {@code
 * target/classes}, and {@code DIR/*} for every jar of a directory, separated by the platform's path
 * separator ({@code :} on Linux and macOS), as for {@code java -cp}.
 */
final class AppClassPath {

  private AppClassPath() {}

  /**
   * A class loader over {@code spec} whose parent is {@code parent}, the CLI's own loader:
   * Blacksmith classes come from the CLI, the application's classes from {@code spec}. Only the
   * applications registered inside {@code spec} are visible to {@link Applications#findOne}, so a
   * CLI whose own class path carries an application still runs the one asked for.
   *
   * @throws ConfigurationException for an empty spec, a missing path, a file that is not a jar, or
   *     a {@code DIR/*} without jars
   */
  static URLClassLoader open(String spec, ClassLoader parent) {
    List<URL> urls = new ArrayList<>();
    for (String entry : spec.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        urls.addAll(urls(entry.strip()));
      }
    }
    if (urls.isEmpty()) {
      throw new ConfigurationException(
          "--app is empty: give the application's jar or classes directory, such as"
              + " target/classes");
    }
    return new AppLoader(urls.toArray(URL[]::new), parent);
  }

  private static List<URL> urls(String entry) {
    if (entry.endsWith("/*") || entry.endsWith(File.separator + "*")) {
      Path dir = Path.of(entry.substring(0, entry.length() - 2));
      if (!Files.isDirectory(dir)) {
        throw new ConfigurationException("--app " + entry + ": " + dir + " is not a directory");
      }
      List<URL> jars = new ArrayList<>();
      try (Stream<Path> files = Files.list(dir)) {
        for (Path jar : files.filter(AppClassPath::isJar).sorted().toList()) {
          jars.add(url(jar));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + dir, e);
      }
      if (jars.isEmpty()) {
        throw new ConfigurationException("--app " + entry + ": " + dir + " holds no jar");
      }
      return jars;
    }
    Path path = Path.of(entry);
    if (Files.isDirectory(path)) {
      return List.of(url(path));
    }
    if (!Files.exists(path)) {
      throw new ConfigurationException(
          "--app " + entry + " does not exist: build the application first (such as mvn package)");
    }
    if (!isJar(path)) {
      throw new ConfigurationException(
          "--app " + entry + " is neither a jar nor a directory of classes");
    }
    return List.of(url(path));
  }

  private static boolean isJar(Path path) {
    String name = String.valueOf(path.getFileName()).toLowerCase(Locale.ROOT);
    return Files.isRegularFile(path) && (name.endsWith(".jar") || name.endsWith(".zip"));
  }

  private static URL url(Path path) {
    try {
      return path.toAbsolutePath().normalize().toUri().toURL();
    } catch (MalformedURLException e) {
      throw new ConfigurationException("--app " + path + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Loads classes parent first, as usual, but lists the application service file from its own class
   * path only.
   */
  private static final class AppLoader extends URLClassLoader {

    static {
      registerAsParallelCapable();
    }

    AppLoader(URL[] urls, ClassLoader parent) {
      super("blacksmith-app", urls, parent);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      return name.equals(Applications.SERVICE_FILE)
          ? findResources(name)
          : super.getResources(name);
    }

    @Override
    public String toString() {
      return "--app " + List.of(getURLs());
    }
  }
}
