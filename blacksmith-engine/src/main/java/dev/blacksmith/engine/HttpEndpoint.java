package dev.blacksmith.engine;

import dev.blacksmith.source.Route;

/**
 * An HTTP trigger's route on the gateway.
 *
 * @param source the source's name
 * @param trigger the trigger's name
 * @param route methods, path and what the answer shows
 */
public record HttpEndpoint(String source, String trigger, Route route) {}
