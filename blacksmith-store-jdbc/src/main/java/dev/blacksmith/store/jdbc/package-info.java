/**
 * The JDBC store: one {@link dev.blacksmith.spi.store.Store} implementation for embedded SQLite and
 * for PostgreSQL (shared by several instances, with {@code LISTEN/NOTIFY} wake-ups), whose SQL
 * differences live in a small package-private dialect. Open it with {@link
 * dev.blacksmith.store.jdbc.JdbcStore#open(String)} or through {@link
 * dev.blacksmith.store.jdbc.JdbcStoreProvider} with a URL such as {@code sqlite:blacksmith.db} or
 * {@code postgres://user:password@host:5432/db}. Everything here is non-null unless documented
 * otherwise.
 */
package dev.blacksmith.store.jdbc;
