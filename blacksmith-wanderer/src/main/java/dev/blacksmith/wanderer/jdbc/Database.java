package dev.blacksmith.wanderer.jdbc;

import java.sql.SQLException;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/** The connections of one wanderer, and how its transactions are run on them. */
interface Database extends AutoCloseable {

  /** Runs {@code work} in one write transaction: committed when it returns, rolled back if not. */
  <T> T write(SqlWork<T> work) throws SQLException;

  /** Runs {@code work} on one consistent snapshot. */
  <T> T read(SqlWork<T> work) throws SQLException;

  /**
   * Runs the schema migration configured by {@code flyway}, after giving it connections of its own
   * and, where the database has one, the wanderer's schema.
   */
  void migrate(FluentConfiguration flyway);

  /** Where the data lives, for messages; never holds a password. */
  String describe();

  @Override
  void close();
}
