package dev.blacksmith.cli;

import dev.blacksmith.engine.Blacksmith;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code blacksmith} command itself: only help and version; the work is in the subcommands that
 * {@link Main#commandLine} registers.
 */
@Command(
    name = "blacksmith",
    mixinStandardHelpOptions = true,
    versionProvider = BlacksmithCommand.Version.class,
    description = "Blacksmith: event pipelines from sources to destinations.")
final class BlacksmithCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "missing command: use one of " + String.join(", ", spec.subcommands().keySet()));
  }

  /** The version shown by {@code --version}. */
  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"blacksmith " + Blacksmith.VERSION};
    }
  }
}
