package dev.blacksmith.cli;

import dev.blacksmith.engine.Blacksmith;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code blacksmith version}: prints {@code blacksmith <version>}. */
@Command(name = "version", description = "Print the version of Blacksmith.")
final class VersionCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().getOut().println("blacksmith " + Blacksmith.VERSION);
  }
}
