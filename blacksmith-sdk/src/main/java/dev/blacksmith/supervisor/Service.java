package dev.blacksmith.supervisor;

import org.jspecify.annotations.Nullable;

/**
 * A running instance of a Blacksmith service (gateway or scheduler).
 *
 * @param id unique id of the instance, new at every start
 * @param name the service, {@code "gateway"} or {@code "scheduler"}
 * @param version the Blacksmith version it runs
 * @param address where it listens, such as {@code "10.0.0.4:9090"}, if it does
 */
public record Service(String id, String name, String version, @Nullable String address) {}
