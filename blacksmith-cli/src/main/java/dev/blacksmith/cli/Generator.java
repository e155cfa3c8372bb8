package dev.blacksmith.cli;

import dev.blacksmith.cli.JavaNames.Layout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Plans and writes what {@code blacksmith generate} creates. A plan is every file with its content;
 * writing refuses to overwrite anything and writes all the files or none.
 */
final class Generator {

  /** What can be generated. */
  enum Kind {
    APPLICATION,
    SOURCE,
    TRIGGER,
    FLOW,
    DESTINATION,
    ACTION,
    MIGRATION;

    String value() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** How a generated trigger receives events. */
  enum Mode {
    HTTP("HttpTrigger"),
    CRON("CronTrigger"),
    CDC("CdcTrigger"),
    SUB("SubTrigger");

    private final String template;

    Mode(String template) {
      this.template = template;
    }

    /** {@code http}, {@code cron}, {@code cdc}, or {@code sub} (also {@code subscription}). */
    static Mode of(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      return switch (v) {
        case "http" -> HTTP;
        case "cron" -> CRON;
        case "cdc" -> CDC;
        case "sub", "subscription" -> SUB;
        default ->
            throw new IllegalArgumentException(
                "unknown trigger mode '" + value + "'; expected http, cron, cdc or sub");
      };
    }
  }

  /**
   * What to generate, from the command line.
   *
   * @param path the package directory of the classes; the directory the project goes in for an
   *     application; the migrations folder for a migration
   * @param javaPackage the package, when it cannot be told from {@code path}; an application's
   *     package, default {@code com.example.<name>}
   * @param comments whether to keep the explanatory comments
   */
  record Request(
      Kind kind,
      String name,
      Path path,
      @Nullable String javaPackage,
      boolean comments,
      boolean hooks,
      boolean migrations,
      @Nullable Mode mode) {}

  /** One file to create. */
  record GeneratedFile(Path path, String content) {}

  /** Every file to create, and what to do next. */
  record Plan(List<GeneratedFile> files, List<String> nextSteps) {}

  private static final DateTimeFormatter VERSION =
      DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withZone(ZoneOffset.UTC);
  private static final Pattern IMPORT =
      Pattern.compile("(?m)^import (?:static )?([\\w.]+)\\.(\\w+);$");
  private static final String FIRST_MIGRATION = "init";

  private final Clock clock;
  private final Map<String, String> versions;

  Generator(Clock clock) {
    this.clock = clock;
    this.versions = versions();
  }

  /**
   * Plans {@code request} without writing anything.
   *
   * @throws ConfigurationException for a bad name, path or package, or a class name that would
   *     clash with a class the generated code uses
   */
  Plan plan(Request request) {
    JavaNames.checkName(request.name());
    Plan plan =
        switch (request.kind()) {
          case APPLICATION -> application(request);
          case MIGRATION -> migration(request);
          default -> component(request);
        };
    checkClashes(plan, request.name());
    return plan;
  }

  /**
   * Writes every file of {@code plan}, creating directories as needed.
   *
   * @return the files written
   * @throws ConfigurationException when a file exists already: nothing is written
   * @throws UncheckedIOException when a file cannot be written: what was written is removed
   */
  List<Path> write(Plan plan) {
    List<Path> existing = new ArrayList<>();
    for (GeneratedFile file : plan.files()) {
      if (Files.exists(file.path(), LinkOption.NOFOLLOW_LINKS)) {
        existing.add(file.path());
      }
    }
    if (!existing.isEmpty()) {
      throw new ConfigurationException(
          "will not overwrite " + existing + "; nothing was generated");
    }
    List<Path> createdDirectories = new ArrayList<>();
    List<Path> written = new ArrayList<>();
    Path current = null;
    try {
      for (GeneratedFile file : plan.files()) {
        current = file.path();
        createDirectories(file.path().getParent(), createdDirectories);
        Files.writeString(
            file.path(), file.content(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        written.add(file.path());
      }
    } catch (IOException e) {
      undo(written, createdDirectories, e);
      throw new UncheckedIOException(
          "cannot write " + current + " (" + e + "); nothing was generated", e);
    }
    return List.copyOf(written);
  }

  private Plan application(Request request) {
    Path root = request.path().toAbsolutePath().normalize().resolve(request.name());
    if (Files.isRegularFile(root) || (Files.isDirectory(root) && !isEmptyDirectory(root))) {
      throw new ConfigurationException(
          root + " already exists and is not an empty directory: choose another --name or --path");
    }
    String javaPackage =
        request.javaPackage() != null
            ? JavaNames.checkPackage(request.javaPackage(), "--package")
            : "com.example." + JavaNames.packageSegment(request.name());
    Path relative = Path.of(javaPackage.replace('.', '/'));
    Path resources = root.resolve("src/main/resources");
    Layout layout =
        new Layout(
            javaPackage,
            root.resolve("src/main/java").resolve(relative),
            root.resolve("src/test/java").resolve(relative),
            resources);
    String name = request.name();
    String className = JavaNames.className(name);
    Map<String, String> values = values(request, layout, className);
    values.put("groupId", javaPackage);
    values.put("artifactId", name);
    values.put("javaDir", "src/main/java/" + relative.toString().replace('\\', '/'));
    values.put("Trigger", "Events");
    values.put("route", "/" + name + "/events");
    Set<String> flags = flags(request);
    flags.add("starter");

    List<GeneratedFile> files = new ArrayList<>();
    files.add(file(request, "application/pom.xml", root.resolve("pom.xml"), values, flags));
    files.add(file(request, "application/gitignore", root.resolve(".gitignore"), values, flags));
    files.add(
        file(
            request,
            "application/services",
            resources.resolve("META-INF/services/dev.blacksmith.engine.Application"),
            values,
            flags));
    files.add(
        java(
            request,
            "application/package-info.java",
            layout.mainDir(),
            "package-info",
            values,
            flags));
    files.add(
        java(
            request,
            "application/Application.java",
            layout.mainDir(),
            className + "Application",
            values,
            flags));
    files.add(
        java(
            request,
            "application/ApplicationTest.java",
            layout.testDir(),
            className + "ApplicationTest",
            values,
            flags));
    files.add(
        java(request, "source/Source.java", layout.mainDir(), className + "Source", values, flags));
    files.add(
        java(
            request,
            "source/SourceTest.java",
            layout.testDir(),
            className + "SourceTest",
            values,
            flags));
    if (request.migrations()) {
      files.addAll(migrations(request, layout, "source " + name));
    }
    // The starter trigger: no hooks or migrations of its own.
    Map<String, String> trigger = new HashMap<>(values);
    trigger.put("name", "events");
    trigger.put("Name", "Events");
    Set<String> plain = new HashSet<>();
    parts(trigger, plain);
    files.add(
        java(
            request,
            "trigger/HttpTrigger.java",
            layout.mainDir(),
            "EventsTrigger",
            trigger,
            plain));
    files.add(
        java(
            request,
            "trigger/HttpTriggerTest.java",
            layout.testDir(),
            "EventsTriggerTest",
            trigger,
            plain));

    String cd = "cd " + request.path().resolve(name);
    return new Plan(
        files,
        List.of(
            "build and test it: " + cd + " && mvn package",
            "run it: blacksmith start --app target/classes, then send an event: curl -d"
                + " '{\"hello\":\"world\"}' localhost:9090/"
                + name
                + "/events",
            "add a destination: blacksmith generate destination --name <name> --path "
                + values.get("javaDir")));
  }

  private Plan component(Request request) {
    Kind kind = request.kind();
    if (kind == Kind.TRIGGER && request.mode() == null) {
      throw new ConfigurationException("a trigger needs --mode http, cron, cdc or sub");
    }
    Layout layout = Layout.of(request.path(), request.javaPackage());
    if (request.migrations() && layout.resourcesDir() == null) {
      throw new ConfigurationException(
          "--migrations needs --path under src/main/java, so that the migrations can go in"
              + " src/main/resources");
    }
    String name = request.name();
    String prefix = JavaNames.className(name);
    String suffix = JavaNames.className(kind.value());
    String className = prefix + suffix;
    Map<String, String> values = values(request, layout, prefix);
    values.put("route", "/" + name);
    Set<String> flags = flags(request);
    String template = kind.value() + "/" + suffix;
    if (kind == Kind.TRIGGER) {
      template = "trigger/" + java.util.Objects.requireNonNull(request.mode()).template;
      parts(values, flags);
    }
    List<GeneratedFile> files = new ArrayList<>();
    files.add(java(request, template + ".java", layout.mainDir(), className, values, flags));
    files.add(
        java(request, template + "Test.java", layout.testDir(), className + "Test", values, flags));
    if (request.migrations()) {
      files.addAll(migrations(request, layout, kind.value() + " " + name));
    }
    String registration =
        switch (kind) {
          case SOURCE -> "register it in your application: options.source(new " + className + "())";
          case TRIGGER ->
              "register it in its source's triggers(): Map.of("
                  + className
                  + ".NAME, new "
                  + className
                  + (request.mode() == Mode.CDC ? "(changes))" : "())");
          case FLOW ->
              "send events through it from a trigger: Event.builder().flow(new "
                  + className
                  + "(data))";
          case DESTINATION ->
              "register it in your application: options.destination(new " + className + "())";
          case ACTION ->
              "register it in its destination's actions(): Map.of("
                  + className
                  + ".NAME, "
                  + className
                  + ".loadingWith("
                  + className
                  + ".Client.LOG)), and send events to it with Actions.of(<destination>,"
                  + " "
                  + className
                  + ".withData(data))";
          default -> throw new IllegalStateException("not a component: " + kind);
        };
    return new Plan(files, List.of(registration));
  }

  private Plan migration(Request request) {
    Path dir = request.path().toAbsolutePath().normalize();
    String version = VERSION.format(clock.instant());
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        List<String> taken =
            files
                .map(f -> String.valueOf(f.getFileName()))
                .filter(f -> f.startsWith(version + ".") && f.endsWith(".sql"))
                .sorted()
                .toList();
        if (!taken.isEmpty()) {
          throw new ConfigurationException(
              "version "
                  + version
                  + " is taken in "
                  + dir
                  + " by "
                  + taken
                  + ": migrations need distinct versions; try again in a second");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + dir, e);
      }
    } else if (Files.exists(dir)) {
      throw new ConfigurationException("--path " + request.path() + " is not a directory");
    }
    String owner = dir.getFileName() == null ? "this component" : dir.getFileName().toString();
    return new Plan(
        migrationPair(request, dir, version, request.name(), owner),
        List.of(
            "write its statements in both files; Blacksmith runs the migrations of a folder oldest"
                + " first, each once"));
  }

  private List<GeneratedFile> migrations(Request request, Layout layout, String owner) {
    Path folder =
        java.util.Objects.requireNonNull(layout.resourcesDir())
            .resolve("migrations")
            .resolve(request.name());
    return migrationPair(request, folder, VERSION.format(clock.instant()), FIRST_MIGRATION, owner);
  }

  private List<GeneratedFile> migrationPair(
      Request request, Path folder, String version, String name, String owner) {
    Map<String, String> values = Map.of("migrationName", name, "owner", owner);
    String base = version + "." + name;
    return List.of(
        file(request, "migration/up.sql", folder.resolve(base + ".up.sql"), values, Set.of()),
        file(request, "migration/down.sql", folder.resolve(base + ".down.sql"), values, Set.of()));
  }

  private Map<String, String> values(Request request, Layout layout, String className) {
    Map<String, String> values = new HashMap<>(versions);
    values.put("package", layout.javaPackage());
    values.put("name", request.name());
    values.put("Name", className);
    values.put("migrationsFolder", "migrations/" + request.name());
    values.put("hooksPart", "");
    values.put("migrationsPart", "");
    values.put("hooksTestPart", "");
    values.put("migrationsTestPart", "");
    return values;
  }

  private static Set<String> flags(Request request) {
    Set<String> flags = new HashSet<>();
    if (request.hooks()) {
      flags.add("hooks");
    }
    if (request.migrations()) {
      flags.add("migrations");
    }
    return flags;
  }

  /** The hooks and migrations methods shared by every trigger template, rendered. */
  private static void parts(Map<String, String> values, Set<String> flags) {
    values.put(
        "hooksPart",
        flags.contains("hooks") ? Templates.render("trigger/Hooks.part", values, flags) : "");
    values.put(
        "hooksTestPart",
        flags.contains("hooks") ? Templates.render("trigger/HooksTest.part", values, flags) : "");
    values.put(
        "migrationsPart",
        flags.contains("migrations")
            ? Templates.render("trigger/Migrations.part", values, flags)
            : "");
    values.put(
        "migrationsTestPart",
        flags.contains("migrations")
            ? Templates.render("trigger/MigrationsTest.part", values, flags)
            : "");
  }

  private static GeneratedFile java(
      Request request,
      String template,
      Path dir,
      String className,
      Map<String, String> values,
      Set<String> flags) {
    return file(request, template, dir.resolve(className + ".java"), values, flags);
  }

  private static GeneratedFile file(
      Request request, String template, Path path, Map<String, String> values, Set<String> flags) {
    String content = Templates.render(template, values, flags);
    if (!request.comments()) {
      content = Comments.strip(content, Comments.Syntax.of(template));
    }
    return new GeneratedFile(path, content);
  }

  /**
   * Refuses a generated class whose name is also the simple name of a class it imports, such as a
   * trigger named {@code http} becoming {@code HttpTrigger} next to the SDK's {@code HttpTrigger}.
   */
  private static void checkClashes(Plan plan, String name) {
    for (GeneratedFile file : plan.files()) {
      String fileName = String.valueOf(file.path().getFileName());
      if (!fileName.endsWith(".java")) {
        continue;
      }
      String className = fileName.substring(0, fileName.length() - ".java".length());
      Matcher imports = IMPORT.matcher(file.content());
      while (imports.find()) {
        if (imports.group(2).equals(className)) {
          throw new ConfigurationException(
              "--name "
                  + name
                  + " makes class "
                  + className
                  + ", which clashes with "
                  + imports.group(1)
                  + "."
                  + imports.group(2)
                  + " that it uses: choose another name");
        }
      }
    }
  }

  private static boolean isEmptyDirectory(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /** Creates {@code dir} and its missing parents, recording those it created, outermost first. */
  private static void createDirectories(Path dir, List<Path> created) throws IOException {
    List<Path> missing = new ArrayList<>();
    for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
      missing.add(0, p);
    }
    for (Path p : missing) {
      Files.createDirectory(p);
      created.add(p);
    }
  }

  private static void undo(List<Path> written, List<Path> createdDirectories, IOException failure) {
    for (int i = written.size() - 1; i >= 0; i--) {
      try {
        Files.deleteIfExists(written.get(i));
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }
    for (int i = createdDirectories.size() - 1; i >= 0; i--) {
      try {
        Files.deleteIfExists(createdDirectories.get(i));
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }
  }

  /** The versions written into generated projects, filled in when the CLI was built. */
  private static Map<String, String> versions() {
    Properties properties = new Properties();
    try (InputStream in = Generator.class.getResourceAsStream("versions.properties")) {
      if (in == null) {
        throw new IllegalStateException("versions.properties is missing from the CLI jar");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read versions.properties", e);
    }
    Map<String, String> versions = new HashMap<>();
    for (String key : List.of("blacksmith", "junit", "assertj")) {
      String value = properties.getProperty(key);
      if (value == null || value.isBlank() || value.contains("${")) {
        throw new IllegalStateException(
            "versions.properties has no version of " + key + " (was it filtered by Maven?)");
      }
      versions.put(key + "Version", value);
    }
    return versions;
  }
}
