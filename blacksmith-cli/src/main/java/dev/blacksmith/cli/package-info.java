/**
 * The {@code blacksmith} command. {@link dev.blacksmith.cli.Main} is its entry point; {@code
 * blacksmith start} finds the one {@link dev.blacksmith.engine.Application} on the class path and
 * runs it with the gateway and scheduler HTTP services. Everything else here is internal.
 */
@NullMarked
package dev.blacksmith.cli;

import org.jspecify.annotations.NullMarked;
