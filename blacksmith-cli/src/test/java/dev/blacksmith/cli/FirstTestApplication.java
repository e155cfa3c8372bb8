package dev.blacksmith.cli;

import dev.blacksmith.engine.Application;
import dev.blacksmith.engine.Options;

/** An application that sets a few options, so tests can see what overrides them. */
public final class FirstTestApplication implements Application {

  @Override
  public void configure(Options.Builder options) {
    options.host("127.0.0.1").gatewayPort(7001).schedulerPort(7002).storeUrl("sqlite:app.db");
  }
}
