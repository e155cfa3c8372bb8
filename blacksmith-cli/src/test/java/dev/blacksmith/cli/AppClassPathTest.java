package dev.blacksmith.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppClassPathTest {

  @TempDir Path dir;

  /** The test resource directory registering application {@code name}. */
  private static Path applications(String name) throws URISyntaxException {
    return Path.of(
        Objects.requireNonNull(AppClassPathTest.class.getResource("/applications/" + name + "/"))
            .toURI());
  }

  /** A jar in {@code dir} whose service file lists {@code application}. */
  private Path jarListing(Path dir, String application) throws IOException {
    Files.createDirectories(dir);
    Path jar = dir.resolve("app.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry(Applications.SERVICE_FILE));
      out.write((application + "\n").getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }

  @Test
  void a_classes_directory_is_searched_for_its_application() throws Exception {
    try (URLClassLoader loader =
        AppClassPath.open(applications("one").toString(), TestLoaders.withoutApplications())) {
      assertThat(Applications.findOne(loader, "in --app")).isInstanceOf(FirstTestApplication.class);
    }
  }

  @Test
  void every_jar_of_a_directory_is_searched_with_dir_star() throws Exception {
    jarListing(dir.resolve("lib"), SecondTestApplication.class.getName());

    try (URLClassLoader loader =
        AppClassPath.open(
            dir.resolve("lib") + File.separator + "*", TestLoaders.withoutApplications())) {
      assertThat(Applications.findOne(loader, "in --app"))
          .isInstanceOf(SecondTestApplication.class);
    }
  }

  @Test
  void applications_registered_on_the_cli_class_path_are_not_seen() throws Exception {
    ClassLoader cliWithTwo = TestLoaders.withServiceFile("several");

    try (URLClassLoader loader = AppClassPath.open(applications("one").toString(), cliWithTwo)) {
      assertThat(Applications.findOne(loader, "in --app")).isInstanceOf(FirstTestApplication.class);
    }
  }

  @Test
  void several_entries_listing_an_application_each_are_ambiguous() throws Exception {
    Path jar = jarListing(dir.resolve("lib"), SecondTestApplication.class.getName());
    String spec = applications("one") + File.pathSeparator + jar;

    try (URLClassLoader loader = AppClassPath.open(spec, TestLoaders.withoutApplications())) {
      assertThatThrownBy(() -> Applications.findOne(loader, "in --app " + spec))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("found 2 applications in --app")
          .hasMessageContaining(FirstTestApplication.class.getName())
          .hasMessageContaining(SecondTestApplication.class.getName());
    }
  }

  @Test
  void a_missing_path_a_file_that_is_not_a_jar_and_a_directory_without_jars_are_refused()
      throws Exception {
    Path text = Files.writeString(dir.resolve("notes.txt"), "not a jar");
    Files.createDirectories(dir.resolve("empty"));
    ClassLoader parent = TestLoaders.withoutApplications();

    assertThatThrownBy(() -> AppClassPath.open(dir.resolve("target/classes").toString(), parent))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("does not exist: build the application first");
    assertThatThrownBy(() -> AppClassPath.open(text.toString(), parent))
        .hasMessageContaining("is neither a jar nor a directory of classes");
    assertThatThrownBy(() -> AppClassPath.open(dir.resolve("empty") + "/*", parent))
        .hasMessageContaining("holds no jar");
    assertThatThrownBy(() -> AppClassPath.open(" ", parent)).hasMessageContaining("--app is empty");
  }
}
