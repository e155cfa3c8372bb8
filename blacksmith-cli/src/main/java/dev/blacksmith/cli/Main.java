package dev.blacksmith.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;

/**
 * Entry point of the {@code blacksmith} command.
 *
 * <p>Exit codes: {@code 0} success, {@code 1} Blacksmith could not start or failed, {@code 2} the
 * command line or the configuration is wrong (an unknown option, no or several applications).
 */
public final class Main {

  private Main() {}

  /** Runs the command line and exits the JVM with its exit code. */
  public static void main(String[] args) {
    CommandLine cli = commandLine(System.getenv(), Thread.currentThread().getContextClassLoader());
    System.exit(cli.execute(args));
  }

  /**
   * The command tree, reading settings from {@code env} and finding applications with {@code
   * loader}; tests call it with their own.
   */
  static CommandLine commandLine(Map<String, String> env, ClassLoader loader) {
    return commandLine(env, loader, Clock.systemUTC());
  }

  /** The command tree, with {@code clock} for what is timestamped (migration versions). */
  static CommandLine commandLine(Map<String, String> env, ClassLoader loader, Clock clock) {
    CommandLine cli =
        new CommandLine(new BlacksmithCommand())
            .addSubcommand(new VersionCommand())
            .addSubcommand(new StartCommand(env, loader))
            .addSubcommand(GenerateCommand.create(clock))
            .addSubcommand(MigrationsCommand.create(env, loader));
    cli.setExecutionExceptionHandler(Main::handle);
    return cli;
  }

  /** Turns known failures into one clear line on stderr and an exit code, without a stack trace. */
  private static int handle(Exception e, CommandLine command, CommandLine.ParseResult parseResult)
      throws Exception {
    PrintWriter err = command.getErr();
    if (e instanceof ConfigurationException) {
      err.println("blacksmith: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
    if (e instanceof dev.blacksmith.engine.StartupException) {
      err.println("blacksmith: could not start: " + messages(e));
      return CommandLine.ExitCode.SOFTWARE;
    }
    if (e instanceof UncheckedIOException || e instanceof IOException) {
      err.println("blacksmith: " + messages(e));
      return CommandLine.ExitCode.SOFTWARE;
    }
    throw e;
  }

  /** The message of {@code e} followed by those of its causes, so the root cause is visible. */
  static String messages(Throwable e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
    Throwable cause = e.getCause();
    // Bounded, in case a cause chain loops.
    for (int depth = 0; cause != null && depth < 10; depth++, cause = cause.getCause()) {
      String message = cause.getMessage();
      if (message != null && !text.toString().contains(message)) {
        text.append(": ").append(message);
      }
    }
    return text.toString();
  }
}
