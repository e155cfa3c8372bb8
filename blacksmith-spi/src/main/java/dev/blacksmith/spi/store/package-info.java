/**
 * The store SPI: where events, jobs and their transitions are kept. The store is the source of
 * truth of the platform; the pub/sub adapter only speeds things up.
 *
 * <p>Implementations: {@code blacksmith-store-jdbc} (embedded SQLite, PostgreSQL). Every
 * implementation must pass {@code dev.blacksmith.testkit.store.StoreConformanceTest}.
 */
package dev.blacksmith.spi.store;
