package dev.blacksmith.engine.internal;

import dev.blacksmith.spi.supervisor.Supervisor;
import dev.blacksmith.spi.supervisor.SupervisorProvider;
import java.time.Clock;

/**
 * Opens an {@link InProcessSupervisor} on the system clock for {@code inprocess:} URLs. Each call
 * opens its own state: one process should open one and share it.
 */
public final class InProcessSupervisorProvider implements SupervisorProvider {

  @Override
  public boolean supports(String url) {
    return url.startsWith("inprocess:");
  }

  @Override
  public Supervisor open(String url) {
    return new InProcessSupervisor(Clock.systemUTC());
  }
}
