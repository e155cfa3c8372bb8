package dev.blacksmith.cli;

import dev.blacksmith.engine.Application;
import dev.blacksmith.engine.Options;

/** A second application, listed next to the first to make discovery ambiguous. */
public final class SecondTestApplication implements Application {

  @Override
  public void configure(Options.Builder options) {}
}
