package dev.blacksmith.cli;

import dev.blacksmith.cli.Generator.Kind;
import dev.blacksmith.cli.Generator.Mode;
import dev.blacksmith.cli.Generator.Plan;
import dev.blacksmith.cli.Generator.Request;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code blacksmith generate <kind>}: writes the code of a new application, source, trigger, flow,
 * destination or action, with its unit test, or a new migration. It never overwrites a file.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    versionProvider = BlacksmithCommand.Version.class,
    description = {
      "Generate an application, a source, trigger, flow, destination or action with its unit test,"
          + " or a migration. Existing files are never overwritten."
    })
final class GenerateCommand implements Runnable {

  @Spec CommandSpec spec;

  /**
   * The {@code generate} command and one subcommand per kind, writing with {@code clock}'s time.
   */
  static CommandLine create(Clock clock) {
    Generator generator = new Generator(clock);
    return new CommandLine(new GenerateCommand())
        .addSubcommand(new ApplicationKind(generator))
        .addSubcommand(new SourceKind(generator))
        .addSubcommand(new TriggerKind(generator))
        .addSubcommand(new FlowKind(generator))
        .addSubcommand(new DestinationKind(generator))
        .addSubcommand(new ActionKind(generator))
        .addSubcommand(new MigrationKind(generator));
  }

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "missing kind: use one of " + String.join(", ", spec.subcommands().keySet()));
  }

  /** What every kind takes: a name, where to write, and whether to keep comments. */
  abstract static class KindCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
        names = "--name",
        required = true,
        paramLabel = "NAME",
        description =
            "Lowercase letters a-z, '-' and '_', starting with a letter; my-dest makes MyDest...")
    String name = "";

    @Option(
        names = "--no-comments",
        description = "Leave out the comments explaining the generated code.")
    boolean noComments;

    private final Generator generator;
    private final Kind kind;

    KindCommand(Generator generator, Kind kind) {
      this.generator = generator;
      this.kind = kind;
    }

    /** The directory given with {@code --path}, or the working directory. */
    abstract @Nullable Path path();

    @Nullable String javaPackage() {
      return null;
    }

    boolean hooks() {
      return false;
    }

    boolean migrations() {
      return false;
    }

    @Nullable Mode mode() {
      return null;
    }

    @Override
    public Integer call() {
      Path path = path();
      Request request =
          new Request(
              kind,
              name,
              path == null ? Path.of("") : path,
              javaPackage(),
              !noComments,
              hooks(),
              migrations(),
              mode());
      Plan plan = generator.plan(request);
      List<Path> written = generator.write(plan);
      PrintWriter out = spec.commandLine().getOut();
      Path here = Path.of("").toAbsolutePath();
      for (Path file : written) {
        out.println("created " + (file.startsWith(here) ? here.relativize(file) : file));
      }
      for (String step : plan.nextSteps()) {
        out.println("next: " + step);
      }
      out.flush();
      return 0;
    }
  }

  /** A Java component: its package directory, its package when the path does not tell it. */
  abstract static class JavaKind extends KindCommand {

    @Option(
        names = "--path",
        paramLabel = "DIR",
        description =
            "The package directory of the new classes, such as src/main/java/com/example/shop;"
                + " default the working directory. Tests go in the matching src/test/java"
                + " directory.")
    @Nullable Path path;

    @Option(
        names = "--package",
        paramLabel = "PACKAGE",
        description =
            "The Java package, needed only when --path is not under src/main/java; the tests"
                + " then go beside the classes.")
    @Nullable String javaPackage;

    JavaKind(Generator generator, Kind kind) {
      super(generator, kind);
    }

    @Override
    @Nullable Path path() {
      return path;
    }

    @Override
    @Nullable String javaPackage() {
      return javaPackage;
    }
  }

  /** A component that may have hooks and migrations. */
  abstract static class ComponentKind extends JavaKind {

    @Option(names = "--hooks", description = "Add init and shutdown hooks (WithHooks).")
    boolean hooks;

    @Option(
        names = "--migrations",
        description =
            "Add migrations (WithMigrations) and a first pair of migration files in"
                + " src/main/resources/migrations/NAME.")
    boolean migrations;

    ComponentKind(Generator generator, Kind kind) {
      super(generator, kind);
    }

    @Override
    boolean hooks() {
      return hooks;
    }

    @Override
    boolean migrations() {
      return migrations;
    }
  }

  @Command(
      name = "application",
      mixinStandardHelpOptions = true,
      versionProvider = BlacksmithCommand.Version.class,
      description = {
        "A new Maven project in DIR/NAME: an application with a source whose HTTP trigger answers"
            + " POST /NAME/events, their tests, and the registration blacksmith start --app finds.",
        "--hooks and --migrations apply to its source."
      })
  static final class ApplicationKind extends KindCommand {

    @Option(
        names = "--path",
        paramLabel = "DIR",
        description = "Where the project directory is created; default the working directory.")
    @Nullable Path path;

    @Option(
        names = "--package",
        paramLabel = "PACKAGE",
        description = "The Java package of the application; default com.example.NAME.")
    @Nullable String javaPackage;

    @Option(names = "--hooks", description = "Give the source init and shutdown hooks.")
    boolean hooks;

    @Option(names = "--migrations", description = "Give the source migrations.")
    boolean migrations;

    ApplicationKind(Generator generator) {
      super(generator, Kind.APPLICATION);
    }

    @Override
    @Nullable Path path() {
      return path;
    }

    @Override
    @Nullable String javaPackage() {
      return javaPackage;
    }

    @Override
    boolean hooks() {
      return hooks;
    }

    @Override
    boolean migrations() {
      return migrations;
    }
  }

  @Command(
      name = "source",
      mixinStandardHelpOptions = true,
      versionProvider = BlacksmithCommand.Version.class,
      description = "A source (NameSource): where events come from, grouping triggers.")
  static final class SourceKind extends ComponentKind {
    SourceKind(Generator generator) {
      super(generator, Kind.SOURCE);
    }
  }

  @Command(
      name = "trigger",
      mixinStandardHelpOptions = true,
      versionProvider = BlacksmithCommand.Version.class,
      description =
          "A trigger (NameTrigger) of a source: an HTTP route, a schedule (cron), change-data"
              + " capture (cdc) or a broker subscription (sub).")
  static final class TriggerKind extends ComponentKind {

    @Option(
        names = "--mode",
        required = true,
        paramLabel = "http|cron|cdc|sub",
        converter = ModeConverter.class,
        description = "How the trigger receives events.")
    @Nullable Mode mode;

    TriggerKind(Generator generator) {
      super(generator, Kind.TRIGGER);
    }

    @Override
    @Nullable Mode mode() {
      return mode;
    }
  }

  @Command(
      name = "flow",
      mixinStandardHelpOptions = true,
      versionProvider = BlacksmithCommand.Version.class,
      description = "A flow (NameFlow): maps an event to destination actions.")
  static final class FlowKind extends JavaKind {
    FlowKind(Generator generator) {
      super(generator, Kind.FLOW);
    }
  }

  @Command(
      name = "destination",
      mixinStandardHelpOptions = true,
      versionProvider = BlacksmithCommand.Version.class,
      description = "A destination (NameDestination): a third-party service grouping actions.")
  static final class DestinationKind extends ComponentKind {
    DestinationKind(Generator generator) {
      super(generator, Kind.DESTINATION);
    }
  }

  @Command(
      name = "action",
      mixinStandardHelpOptions = true,
      versionProvider = BlacksmithCommand.Version.class,
      description =
          "An action (NameAction) of a destination: marshals events into jobs and loads them,"
              + " with a unit test using the test kit.")
  static final class ActionKind extends ComponentKind {
    ActionKind(Generator generator) {
      super(generator, Kind.ACTION);
    }
  }

  @Command(
      name = "migration",
      mixinStandardHelpOptions = true,
      versionProvider = BlacksmithCommand.Version.class,
      description =
          "A migration: YYYYMMDDHHMISS.NAME.up.sql and .down.sql, versioned with the current UTC"
              + " time.")
  static final class MigrationKind extends KindCommand {

    @Option(
        names = "--path",
        paramLabel = "DIR",
        description =
            "The migrations folder, such as src/main/resources/migrations/crm; default the"
                + " working directory.")
    @Nullable Path path;

    MigrationKind(Generator generator) {
      super(generator, Kind.MIGRATION);
    }

    @Override
    @Nullable Path path() {
      return path;
    }
  }

  /** Accepts {@code http}, {@code cron}, {@code cdc}, {@code sub}, in any case. */
  static final class ModeConverter implements ITypeConverter<Mode> {
    @Override
    public Mode convert(String value) {
      try {
        return Mode.of(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
