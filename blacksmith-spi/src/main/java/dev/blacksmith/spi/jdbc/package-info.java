/**
 * Shared plumbing for the JDBC adapters (the JDBC store, the PostgreSQL supervisor, the JDBC
 * wanderer), so that they read their URLs the same way. Not an SPI to implement, and free of any
 * JDBC driver: {@link dev.blacksmith.spi.jdbc.PostgresUrl} only takes URLs apart. Everything here
 * is non-null unless documented otherwise.
 */
@NullMarked
package dev.blacksmith.spi.jdbc;

import org.jspecify.annotations.NullMarked;
