package dev.blacksmith.wanderer.runner;

import dev.blacksmith.spi.wanderer.MigrationRecord;
import dev.blacksmith.spi.wanderer.Scope;
import org.jspecify.annotations.Nullable;

/**
 * One migration of a scope, as its component declares it and as the wanderer knows it.
 *
 * @param scope the component that owns it
 * @param version its version
 * @param name its name
 * @param record what the wanderer knows, or {@code null} when it is not acknowledged yet
 * @param declared whether the component still declares it
 * @param changed whether the declared up script differs from the one the wanderer has
 */
public record StatusEntry(
    Scope scope,
    String version,
    String name,
    @Nullable MigrationRecord record,
    boolean declared,
    boolean changed) {}
