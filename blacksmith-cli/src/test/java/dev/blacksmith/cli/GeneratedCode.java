package dev.blacksmith.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Builds generated code as Maven would, without Maven: compiles every Java file of a project
 * against this module's test class path (which holds the SDK, the engine and the test kit), copies
 * {@code src/main/resources} next to the classes, and runs the generated tests with the JUnit
 * Platform launcher.
 */
final class GeneratedCode {

  private GeneratedCode() {}

  /** What one launcher run did. */
  record TestRun(List<String> succeeded, List<String> failed, List<String> classes) {}

  /** Every {@code .java} file under {@code dir}. */
  static List<Path> javaFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Compiles {@code sources} into {@code out} with every lint warning an error, failing the test
   * with the compiler's diagnostics when it does not compile.
   */
  static void compile(List<Path> sources, Path out) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Files.createDirectories(out);
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options =
          List.of(
              "--release",
              "21",
              "-proc:none",
              "-Xlint:all",
              "-Werror",
              "-cp",
              System.getProperty("java.class.path"),
              "-d",
              out.toString());
      boolean ok =
          javac
              .getTask(
                  null,
                  files,
                  diagnostics,
                  options,
                  null,
                  files.getJavaFileObjectsFromPaths(sources))
              .call();
      StringBuilder report = new StringBuilder();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        report.append(d).append('\n');
      }
      assertThat(ok).as("generated code compiles without warnings:\n%s", report).isTrue();
      assertThat(report.toString()).as("compiler output").isEmpty();
    }
  }

  /** Copies {@code resources} (a {@code src/main/resources} directory) into {@code out}. */
  static void copyResources(Path resources, Path out) throws IOException {
    if (!Files.isDirectory(resources)) {
      return;
    }
    try (Stream<Path> files = Files.walk(resources)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path target = out.resolve(resources.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
      }
    }
  }

  /**
   * Compiles the project at {@code root} (main and test sources) into {@code root/target/classes}
   * with its resources, as {@code mvn test-compile} would lay it out in one directory.
   */
  static Path build(Path root) throws IOException {
    Path out = root.resolve("target/classes");
    List<Path> sources = new ArrayList<>(javaFiles(root.resolve("src/main/java")));
    sources.addAll(javaFiles(root.resolve("src/test/java")));
    compile(sources, out);
    copyResources(root.resolve("src/main/resources"), out);
    return out;
  }

  /** A loader of {@code classes} over this module's test class path. */
  static URLClassLoader loader(Path classes) {
    try {
      return new URLClassLoader(
          new URL[] {classes.toUri().toURL()}, GeneratedCode.class.getClassLoader());
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Runs the test classes named {@code testClasses} found in {@code classes}. */
  static TestRun runTests(Path classes, List<String> testClasses) throws Exception {
    List<String> succeeded = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    try (URLClassLoader loader = loader(classes)) {
      List<ClassSelector> selectors = new ArrayList<>();
      for (String name : testClasses) {
        selectors.add(selectClass(loader.loadClass(name)));
      }
      LauncherDiscoveryRequest request =
          LauncherDiscoveryRequestBuilder.request().selectors(selectors).build();
      TestExecutionListener listener =
          new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
              if (!test.isTest()) {
                if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                  failed.add(test.getDisplayName() + ": " + describe(result));
                }
                return;
              }
              String name = test.getUniqueId();
              if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                succeeded.add(name);
              } else {
                failed.add(name + ": " + describe(result));
              }
            }
          };
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(loader);
      try {
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, listener);
      } finally {
        thread.setContextClassLoader(previous);
      }
    }
    return new TestRun(succeeded, failed, testClasses);
  }

  private static String describe(TestExecutionResult result) {
    StringWriter trace = new StringWriter();
    result
        .getThrowable()
        .ifPresentOrElse(
            t -> t.printStackTrace(new PrintWriter(trace)),
            () -> trace.append(result.getStatus().toString()));
    return trace.toString();
  }
}
