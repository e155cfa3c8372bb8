/**
 * The {@code blacksmith} command. {@link dev.blacksmith.cli.Main} is its entry point; {@code
 * blacksmith start} finds the one {@link dev.blacksmith.engine.Application} given with {@code
 * --app} or on the class path and runs it with the gateway and scheduler HTTP services; {@code
 * blacksmith generate} writes new applications, sources, triggers, flows, destinations, actions and
 * migrations from the templates under {@code dev/blacksmith/cli/templates}. Everything else here is
 * internal.
 */
@NullMarked
package dev.blacksmith.cli;

import org.jspecify.annotations.NullMarked;
