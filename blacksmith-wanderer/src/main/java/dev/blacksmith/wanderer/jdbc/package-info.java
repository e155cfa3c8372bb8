/**
 * The JDBC wanderer: one {@link dev.blacksmith.spi.wanderer.Wanderer} implementation for SQLite (by
 * default in the store's file) and PostgreSQL (schema {@code blacksmith_wanderer}), with every SQL
 * difference in a small package-private dialect. Open it with {@link
 * dev.blacksmith.wanderer.jdbc.JdbcWanderer#open(String)} or through {@link
 * dev.blacksmith.wanderer.jdbc.JdbcWandererProvider}. Everything here is non-null unless documented
 * otherwise.
 */
package dev.blacksmith.wanderer.jdbc;
