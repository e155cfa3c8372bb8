package dev.blacksmith.cli;

import dev.blacksmith.engine.Application;
import dev.blacksmith.engine.Options;
import dev.blacksmith.engine.StartupException;
import dev.blacksmith.spi.supervisor.Supervisor;
import dev.blacksmith.spi.wanderer.Acknowledgement;
import dev.blacksmith.spi.wanderer.MigrationRecord;
import dev.blacksmith.spi.wanderer.NewMigration;
import dev.blacksmith.spi.wanderer.Scope;
import dev.blacksmith.spi.wanderer.Wanderer;
import dev.blacksmith.wanderer.Migration;
import dev.blacksmith.wanderer.runner.AckPlan;
import dev.blacksmith.wanderer.runner.MigrationListener;
import dev.blacksmith.wanderer.runner.MigrationRunner;
import dev.blacksmith.wanderer.runner.Plan;
import dev.blacksmith.wanderer.runner.RunResult;
import dev.blacksmith.wanderer.runner.StatusEntry;
import dev.blacksmith.wanderer.runner.Step;
import dev.blacksmith.wanderer.runner.Wanderers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URLClassLoader;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code blacksmith migrations status|ack|run|rollback|discard}: the migrations of the
 * application's sources, triggers, destinations and actions, recorded in the wanderer ({@code
 * BLACKSMITH_WANDERER_URL}, by default the store's database).
 *
 * <ul>
 *   <li>{@code status} lists what the components declare and what the wanderer knows.
 *   <li>{@code ack} acknowledges new migrations (and refreshes the scripts of those not applied).
 *   <li>{@code run} runs acknowledged migrations up, oldest first, up to and including {@code
 *       --version}; the first error stops it.
 *   <li>{@code rollback} rolls back the migrations of one {@code --scope}, newest first: the newest
 *       one only, every one newer than {@code --version} (which stays applied), or {@code --all};
 *       the first error stops it.
 *   <li>{@code discard} sets aside a migration that is not applied, so that it never runs.
 * </ul>
 *
 * Scopes: {@code source:<s>} ({@code s:}), {@code source/trigger:<s>/<t>} ({@code st:}), {@code
 * destination:<d>} ({@code d:}), {@code destination/action:<d>/<a>} ({@code da:}). Every change
 * shows what it will do and waits for {@code yes} to be typed, unless {@code --yes} is given.
 *
 * <p>Exit codes: {@code 0} done (or nothing to do), {@code 1} a migration failed, the plan has a
 * problem, the answer was not {@code yes}, or an adapter failed; {@code 2} the command line or the
 * configuration is wrong (an unknown scope, a malformed version).
 */
@Command(
    name = "migrations",
    mixinStandardHelpOptions = true,
    versionProvider = BlacksmithCommand.Version.class,
    description = {
      "Acknowledge, run, roll back and discard the migrations of the application's sources,"
          + " triggers, destinations and actions.",
      "Scopes: source:<s> (s:), source/trigger:<s>/<t> (st:), destination:<d> (d:),"
          + " destination/action:<d>/<a> (da:)."
    })
final class MigrationsCommand implements Runnable {

  @Spec CommandSpec spec;

  /**
   * The {@code migrations} command and its subcommands, reading settings from {@code env}, finding
   * the application with {@code loader}, and confirmations from the standard input.
   */
  static CommandLine create(Map<String, String> env, ClassLoader loader) {
    return create(env, loader, System.in);
  }

  /** Like {@link #create(Map, ClassLoader)}, reading confirmations from {@code input}. */
  static CommandLine create(Map<String, String> env, ClassLoader loader, InputStream input) {
    Context context =
        new Context(
            Map.copyOf(env),
            loader,
            new BufferedReader(new InputStreamReader(input, Charset.defaultCharset())));
    return new CommandLine(new MigrationsCommand())
        .addSubcommand(new StatusCommand(context))
        .addSubcommand(new AckCommand(context))
        .addSubcommand(new RunCommand(context))
        .addSubcommand(new RollbackCommand(context))
        .addSubcommand(new DiscardCommand(context));
  }

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "missing command: use one of " + String.join(", ", spec.subcommands().keySet()));
  }

  /** What every subcommand shares. */
  record Context(Map<String, String> env, ClassLoader loader, BufferedReader input) {}

  /** The options every subcommand takes: where the application and the adapters are. */
  static final class Where {
    @Option(
        names = "--app",
        paramLabel = "PATH",
        description =
            "The application: its jar or classes directory, as for 'blacksmith start --app'."
                + " Without it, the application on blacksmith's own class path.")
    @Nullable String app;

    @Option(
        names = "--store-url",
        paramLabel = "URL",
        description = "The store (BLACKSMITH_STORE_URL); the wanderer's default database.")
    @Nullable String storeUrl;

    @Option(
        names = "--wanderer-url",
        paramLabel = "URL",
        description =
            "Where migrations are recorded (BLACKSMITH_WANDERER_URL); default: the store's"
                + " database (its SQLite file, or schema blacksmith_wanderer of its PostgreSQL"
                + " database).")
    @Nullable String wandererUrl;
  }

  /** What a subcommand does once the application and adapters are open. */
  @FunctionalInterface
  interface Work {
    int run(Session session) throws IOException;
  }

  /** The application's runner and its adapters, open for one subcommand. */
  record Session(MigrationRunner runner, Wanderer wanderer, PrintWriter out, PrintWriter err) {}

  /** A subcommand: opens what it needs, does its work, closes everything. */
  abstract static class Subcommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin Where where = new Where();

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help message and exit.")
    boolean help;

    private final Context context;

    Subcommand(Context context) {
      this.context = context;
    }

    final PrintWriter out() {
      return spec.commandLine().getOut();
    }

    final PrintWriter err() {
      return spec.commandLine().getErr();
    }

    /**
     * Asks to type {@code yes} unless {@code yes} was given; whether to go on. Any other answer, or
     * none, aborts.
     */
    final boolean confirm(boolean yes, String question) throws IOException {
      if (yes) {
        return true;
      }
      out().print(question + " Type yes to continue: ");
      out().flush();
      String answer = context.input().readLine();
      if (answer != null && answer.trim().equals("yes")) {
        return true;
      }
      out().println();
      err()
          .println(
              "blacksmith: aborted, nothing was changed"
                  + (answer == null ? " (no answer: pass --yes to go on without asking)" : ""));
      return false;
    }

    /** Opens the application and the adapters, runs {@code work}, and maps failures to codes. */
    final int session(Work work) {
      try {
        if (where.app == null) {
          return open(Applications.findOne(context.loader()), work);
        }
        try (URLClassLoader appLoader = AppClassPath.open(where.app, context.loader())) {
          Thread thread = Thread.currentThread();
          ClassLoader previous = thread.getContextClassLoader();
          thread.setContextClassLoader(appLoader);
          try {
            return open(Applications.findOne(appLoader, "in --app " + where.app), work);
          } finally {
            thread.setContextClassLoader(previous);
          }
        }
      } catch (ConfigurationException | IllegalArgumentException e) {
        err().println("blacksmith: " + Main.messages(e));
        return CommandLine.ExitCode.USAGE;
      } catch (IOException e) {
        err().println("blacksmith: " + Main.messages(e));
        return CommandLine.ExitCode.SOFTWARE;
      } catch (RuntimeException e) {
        // Adapters that failed, a scope locked by another run, a migration that cannot be
        // discarded: one clear line, no stack trace.
        err().println("blacksmith: " + Main.messages(e));
        return CommandLine.ExitCode.SOFTWARE;
      }
    }

    private int open(Application application, Work work) throws IOException {
      Options options = options(application);
      String url = Wanderers.url(env(), options);
      try (Wanderer wanderer = Wanderers.openMigrated(url);
          Supervisor supervisor = Wanderers.supervisor(options)) {
        MigrationRunner runner = MigrationRunner.forApplication(options, wanderer, supervisor);
        return work.run(new Session(runner, wanderer, out(), err()));
      }
    }

    private Map<String, String> env() {
      Map<String, String> env = new HashMap<>(context.env());
      if (where.wandererUrl != null) {
        env.put(Wanderers.URL_VARIABLE, where.wandererUrl);
      }
      return env;
    }

    /** The application's options with the environment and the flags over them. */
    private Options options(Application application) {
      Options.Builder builder = Options.builder();
      try {
        application.configure(builder);
      } catch (RuntimeException e) {
        throw new StartupException(
            "application " + application.getClass().getName() + " failed to configure", e);
      }
      try {
        builder.environment(context.env());
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(e.getMessage(), e);
      }
      if (where.storeUrl != null) {
        builder.storeUrl(where.storeUrl);
      }
      return builder.build();
    }
  }

  // ---------------------------------------------------------------- status

  @Command(
      name = "status",
      description =
          "List the migrations of every scope, or of the --scope given: version, name and status"
              + " ('not acknowledged' when the wanderer does not know it yet).")
  static final class StatusCommand extends Subcommand {

    @Option(
        names = "--scope",
        paramLabel = "SCOPE",
        converter = ScopeConverter.class,
        description = "Only this scope; may be repeated.")
    List<Scope> scopes = new ArrayList<>();

    StatusCommand(Context context) {
      super(context);
    }

    @Override
    public Integer call() {
      return session(s -> {
        List<StatusEntry> entries = s.runner().status(scopes);
        if (entries.isEmpty()) {
          s.out().println("No migrations: no component of the application declares any.");
          return 0;
        }
        int width = entries.stream().mapToInt(e -> e.scope().value().length()).max().orElse(5);
        s.out().printf("%-" + width + "s  %-14s  %s%n", "SCOPE", "VERSION", "NAME  STATUS");
        for (StatusEntry e : entries) {
          String status = e.record() == null ? "not acknowledged" : e.record().status().value();
          if (e.changed()) {
            status += " (up script changed since)";
          }
          if (!e.declared()) {
            status += " (no longer declared)";
          }
          s.out()
              .printf(
                  "%-" + width + "s  %s  %s  %s%n",
                  e.scope().value(),
                  e.version(),
                  e.name(),
                  status);
        }
        return 0;
      });
    }
  }

  // ---------------------------------------------------------------- ack

  @Command(
      name = "ack",
      description =
          "Acknowledge the migrations the components declare and the wanderer does not know yet,"
              + " after typing yes; refresh the scripts of those not applied yet.")
  static final class AckCommand extends Subcommand {

    @Option(
        names = "--scope",
        paramLabel = "SCOPE",
        converter = ScopeConverter.class,
        description = "Only this scope; may be repeated. Default: every scope.")
    List<Scope> scopes = new ArrayList<>();

    @Option(names = "--yes", description = "Do not ask for confirmation (for scripts).")
    boolean yes;

    AckCommand(Context context) {
      super(context);
    }

    @Override
    public Integer call() {
      return session(s -> {
        AckPlan plan = s.runner().planAcknowledge(scopes);
        if (!plan.isRunnable()) {
          return problems(s.err(), "nothing was acknowledged", plan.problems());
        }
        notes(s.out(), plan.notes());
        if (plan.isEmpty()) {
          s.out().println("Nothing to acknowledge: the wanderer knows every migration.");
          return 0;
        }
        int count = plan.added().size() + plan.refreshed().size();
        s.out().println(count(count) + " to acknowledge:");
        for (NewMigration m : plan.added()) {
          s.out().println("  new      " + describe(m));
        }
        for (NewMigration m : plan.refreshed()) {
          s.out().println("  changed  " + describe(m) + " (not applied: its new script will run)");
        }
        if (!confirm(yes, "Acknowledge " + (count == 1 ? "it" : "them") + "?")) {
          return CommandLine.ExitCode.SOFTWARE;
        }
        Acknowledgement done = s.runner().acknowledge(plan, MigrationListener.NONE);
        s.out().println("Acknowledged " + count(done.added().size() + done.known().size()) + ".");
        return 0;
      });
    }

    private static String describe(NewMigration m) {
      return m.scope().value() + " " + m.version() + "." + m.name();
    }
  }

  // ---------------------------------------------------------------- run

  @Command(
      name = "run",
      description =
          "Run the acknowledged migrations up, per scope, oldest first, after typing yes; the first"
              + " error stops the run.")
  static final class RunCommand extends Subcommand {

    @Option(
        names = "--scope",
        paramLabel = "SCOPE",
        converter = ScopeConverter.class,
        description = "Only this scope; may be repeated. Default: every scope.")
    List<Scope> scopes = new ArrayList<>();

    @Option(
        names = "--version",
        paramLabel = "YYYYMMDDHHMISS",
        converter = VersionConverter.class,
        description = "Run up to and including this version; later ones stay pending.")
    @Nullable String version;

    @Option(names = "--yes", description = "Do not ask for confirmation (for scripts).")
    boolean yes;

    RunCommand(Context context) {
      super(context);
    }

    @Override
    public Integer call() {
      return session(s -> execute(s, s.runner().planRun(scopes, version), yes, "run", this));
    }
  }

  // ---------------------------------------------------------------- rollback

  @Command(
      name = "rollback",
      description =
          "Roll back the applied migrations of one scope, newest first, after typing yes: the"
              + " newest one, every one newer than --version (which stays applied), or --all. The"
              + " first error stops the rollback.")
  static final class RollbackCommand extends Subcommand {

    @Option(
        names = "--scope",
        required = true,
        paramLabel = "SCOPE",
        converter = ScopeConverter.class,
        description = "The scope to roll back.")
    @Nullable Scope scope;

    @Option(
        names = "--version",
        paramLabel = "YYYYMMDDHHMISS",
        converter = VersionConverter.class,
        description = "Roll back every migration newer than this one; it stays applied.")
    @Nullable String version;

    @Option(names = "--all", description = "Roll back every applied migration of the scope.")
    boolean all;

    @Option(names = "--yes", description = "Do not ask for confirmation (for scripts).")
    boolean yes;

    RollbackCommand(Context context) {
      super(context);
    }

    @Override
    public Integer call() {
      if (all && version != null) {
        throw new ParameterException(spec.commandLine(), "give --version or --all, not both");
      }
      return session(s ->
          execute(
              s,
              s.runner().planRollback(java.util.Objects.requireNonNull(scope), version, all),
              yes,
              "roll back",
              this));
    }
  }

  // ---------------------------------------------------------------- discard

  @Command(
      name = "discard",
      description =
          "Discard one migration that is not applied (acknowledged, failed or rolled back), after"
              + " typing yes: it will never run.")
  static final class DiscardCommand extends Subcommand {

    @Option(
        names = "--scope",
        required = true,
        paramLabel = "SCOPE",
        converter = ScopeConverter.class,
        description = "The scope of the migration.")
    @Nullable Scope scope;

    @Option(
        names = "--version",
        required = true,
        paramLabel = "YYYYMMDDHHMISS",
        converter = VersionConverter.class,
        description = "The version of the migration.")
    @Nullable String version;

    @Option(names = "--yes", description = "Do not ask for confirmation (for scripts).")
    boolean yes;

    DiscardCommand(Context context) {
      super(context);
    }

    @Override
    public Integer call() {
      Scope target = java.util.Objects.requireNonNull(scope);
      String v = java.util.Objects.requireNonNull(version);
      return session(s -> {
        MigrationRecord m =
            s.wanderer()
                .findMigration(target, v)
                .orElseThrow(() ->
                    new IllegalArgumentException(
                        "the wanderer has no migration " + v + " in " + target.value()));
        if (!confirm(
            yes, "Discard " + m.describe() + " (" + m.status().value() + "), never to run?")) {
          return CommandLine.ExitCode.SOFTWARE;
        }
        MigrationRecord discarded = s.runner().discard(target, v);
        s.out().println("Discarded " + discarded.describe() + ".");
        return 0;
      });
    }
  }

  // ---------------------------------------------------------------- shared

  /** Shows {@code plan}, asks, runs it with progress lines; the exit code. */
  private static int execute(Session s, Plan plan, boolean yes, String verb, Subcommand command)
      throws IOException {
    if (!plan.isRunnable()) {
      return problems(s.err(), "nothing ran", plan.problems());
    }
    notes(s.out(), plan.notes());
    if (plan.isEmpty()) {
      s.out().println("Nothing to " + verb + ".");
      return 0;
    }
    s.out()
        .println(
            count(plan.steps().size())
                + " to "
                + verb
                + (plan.direction() == dev.blacksmith.wanderer.Direction.UP
                    ? ", oldest first:"
                    : ", newest first:"));
    for (Step step : plan.steps()) {
      Migration m = step.definition();
      s.out().println("  " + step.scope().value() + " " + m.version() + "." + m.name());
    }
    String them = plan.steps().size() == 1 ? "it" : "them";
    String question =
        plan.direction() == dev.blacksmith.wanderer.Direction.UP
            ? "Run " + them + "?"
            : "Roll " + them + " back?";
    if (!command.confirm(yes, question)) {
      return CommandLine.ExitCode.SOFTWARE;
    }
    RunResult result = s.runner().execute(plan, new Progress(s.out()));
    if (result.failure() != null) {
      s.err().println("blacksmith: " + result.failure().message());
      s.out().println("Stopped after " + count(result.completed().size()) + ".");
      return CommandLine.ExitCode.SOFTWARE;
    }
    s.out().println("Done: " + count(result.completed().size()) + ".");
    return 0;
  }

  private static int problems(PrintWriter err, String what, List<String> problems) {
    err.println("blacksmith: " + what + ":");
    problems.forEach(p -> err.println("  - " + p));
    return CommandLine.ExitCode.SOFTWARE;
  }

  private static void notes(PrintWriter out, List<String> notes) {
    notes.forEach(n -> out.println("note: " + n));
  }

  private static String count(int n) {
    return n + (n == 1 ? " migration" : " migrations");
  }

  /** Prints a line when each migration starts and ends. */
  private static final class Progress implements MigrationListener {
    private final PrintWriter out;

    Progress(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void started(Step step, int index, int total) {
      out.println("[" + index + "/" + total + "] " + step.describe() + " ...");
      out.flush();
    }

    @Override
    public void finished(
        Step step, MigrationRecord migration, Duration took, int index, int total) {
      out.println(
          "["
              + index
              + "/"
              + total
              + "] "
              + migration.describe()
              + " "
              + migration.status().value()
              + " in "
              + took.toMillis()
              + " ms");
      out.flush();
    }

    @Override
    public void interrupted(MigrationRecord migration) {
      out.println(
          migration.describe()
              + " was left running by a run that stopped: now "
              + migration.status().value());
      out.flush();
    }
  }

  /** Reads a scope in its long or short form. */
  static final class ScopeConverter implements ITypeConverter<Scope> {
    @Override
    public Scope convert(String value) {
      try {
        return Scope.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** Accepts a {@code YYYYMMDDHHMISS} version. */
  static final class VersionConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        Migration.versionTime(value.trim());
        return value.trim();
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  private MigrationsCommand() {}
}
