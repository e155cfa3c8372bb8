package dev.blacksmith.wanderer;

import dev.blacksmith.supervisor.Service;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * What the platform hands to migration code.
 *
 * @param logger the application's logger
 * @param service the instance running the migration; {@code null} when no supervisor is configured
 */
public record Toolkit(Logger logger, @Nullable Service service) {}
