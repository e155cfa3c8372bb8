package dev.blacksmith.flow;

import org.slf4j.Logger;

/**
 * What the platform hands to a flow.
 *
 * @param logger the application's logger
 */
public record Toolkit(Logger logger) {}
