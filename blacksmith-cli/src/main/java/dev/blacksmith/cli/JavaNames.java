package dev.blacksmith.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;
import org.jspecify.annotations.Nullable;

/** The names {@code blacksmith generate} accepts, and the Java names it derives from them. */
final class JavaNames {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z_-]*");
  private static final Pattern SEPARATORS = Pattern.compile("[-_]+");

  private JavaNames() {}

  /**
   * Checks a {@code --name}: lowercase letters, {@code -} and {@code _}, starting with a letter. It
   * names the component in Blacksmith, and its classes: {@code my-dest} makes {@code MyDest...}.
   *
   * @throws ConfigurationException saying what is allowed
   */
  static String checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new ConfigurationException(
          "--name '"
              + name
              + "' is not allowed: use lowercase letters a-z, '-' and '_', starting with a letter"
              + " (such as my-destination)");
    }
    return name;
  }

  /** The class name prefix of {@code name}: {@code my-dest} gives {@code MyDest}. */
  static String className(String name) {
    StringBuilder out = new StringBuilder();
    for (String part : SEPARATORS.split(name)) {
      if (!part.isEmpty()) {
        out.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
      }
    }
    return out.toString();
  }

  /** {@code name} as one package segment: {@code my-shop} gives {@code myshop}. */
  static String packageSegment(String name) {
    String segment = SEPARATORS.matcher(name).replaceAll("");
    return SourceVersion.isKeyword(segment) ? segment + "_" : segment;
  }

  /**
   * Checks a Java package name.
   *
   * @throws ConfigurationException naming {@code where} it came from when it is not one
   */
  static String checkPackage(String javaPackage, String where) {
    if (javaPackage.isEmpty() || !SourceVersion.isName(javaPackage)) {
      throw new ConfigurationException(
          where
              + " '"
              + javaPackage
              + "' is not a Java package name: dot-separated identifiers that are not keywords,"
              + " such as com.example.shop");
    }
    return javaPackage;
  }

  /**
   * Where the sources of a package directory are: the directory itself, and the project root
   * holding {@code src/main/java} when the directory is under one.
   *
   * @param javaPackage the package of {@code mainDir}
   * @param mainDir where the classes go
   * @param testDir where their tests go: under {@code src/test/java}, or {@code mainDir} outside a
   *     Maven layout
   * @param resourcesDir {@code src/main/resources} of the project, or {@code null} outside a Maven
   *     layout
   */
  record Layout(String javaPackage, Path mainDir, Path testDir, @Nullable Path resourcesDir) {

    /**
     * The layout of {@code path}, a package directory such as {@code
     * src/main/java/com/example/shop} whose package is derived from the path, or any directory when
     * {@code requestedPackage} names its package.
     *
     * @throws ConfigurationException when the package cannot be told or does not match the path
     */
    static Layout of(Path path, @Nullable String requestedPackage) {
      Path dir = path.toAbsolutePath().normalize();
      List<String> parts = new ArrayList<>();
      dir.forEach(p -> parts.add(p.toString()));
      int at = -1;
      for (int i = parts.size() - 3; i >= 0; i--) {
        if (parts.get(i).equals("src")
            && parts.get(i + 1).equals("main")
            && parts.get(i + 2).equals("java")) {
          at = i;
          break;
        }
      }
      if (at < 0) {
        if (requestedPackage == null) {
          throw new ConfigurationException(
              "cannot tell the Java package of "
                  + path
                  + ": give --path a package directory under src/main/java (such as"
                  + " src/main/java/com/example/shop), or name the package with --package");
        }
        checkPackage(requestedPackage, "--package");
        return new Layout(requestedPackage, dir, dir, null);
      }
      Path root = dir;
      for (int i = parts.size(); i > at; i--) {
        root = root.getParent();
      }
      Path sources = root.resolve("src").resolve("main").resolve("java");
      String derived = String.join(".", parts.subList(at + 3, parts.size()));
      String javaPackage;
      if (derived.isEmpty()) {
        if (requestedPackage == null) {
          throw new ConfigurationException(
              "--path "
                  + path
                  + " is the root of src/main/java: give the package directory, such as "
                  + path.resolve("com").resolve("example").resolve("shop")
                  + ", or name the package with --package");
        }
        javaPackage = checkPackage(requestedPackage, "--package");
      } else {
        javaPackage = checkPackage(derived, "the package of --path " + path + ",");
        if (requestedPackage != null && !requestedPackage.equals(derived)) {
          throw new ConfigurationException(
              "--package "
                  + requestedPackage
                  + " does not match --path "
                  + path
                  + ", which is package "
                  + derived
                  + "; leave --package out or change --path");
        }
      }
      Path relative = Path.of(javaPackage.replace('.', '/'));
      return new Layout(
          javaPackage,
          sources.resolve(relative),
          root.resolve("src").resolve("test").resolve("java").resolve(relative),
          root.resolve("src").resolve("main").resolve("resources"));
    }
  }
}
