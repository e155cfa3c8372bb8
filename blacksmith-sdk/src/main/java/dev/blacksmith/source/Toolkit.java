package dev.blacksmith.source;

import dev.blacksmith.supervisor.Service;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * What the platform hands to source code.
 *
 * @param logger the application's logger
 * @param service the gateway instance running the trigger; {@code null} without a supervisor
 */
public record Toolkit(Logger logger, @Nullable Service service) {}
