/**
 * The wanderer SPI: where the migrations of sources, triggers, destinations and actions are kept
 * with the append-only history of their statuses ({@link
 * dev.blacksmith.spi.wanderer.MigrationStatus}: {@code acknowledged}, {@code executing(up|down)},
 * {@code succeeded(up|down)}, {@code failed(up|down)}, {@code discarded}). Each migration belongs
 * to a {@link dev.blacksmith.spi.wanderer.Scope}; a runner moves migrations of one scope at a time
 * under the supervisor lock {@code migrations/<scope>}.
 *
 * <p>Implementations: {@code blacksmith-wanderer} (SQLite, PostgreSQL), opened through {@link
 * dev.blacksmith.spi.wanderer.WandererProvider}. Every implementation must pass {@code
 * dev.blacksmith.testkit.wanderer.WandererConformanceTest}. Everything here is non-null unless
 * documented otherwise.
 */
package dev.blacksmith.spi.wanderer;
