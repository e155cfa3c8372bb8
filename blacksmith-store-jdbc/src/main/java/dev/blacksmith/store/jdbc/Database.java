package dev.blacksmith.store.jdbc;

import java.sql.SQLException;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The connections of one store and how writes are disciplined: each dialect decides how its writers
 * are serialised or locked and where reads go, so the store's code stays the same.
 */
interface Database extends AutoCloseable {

  /** Runs {@code work} in one write transaction: committed when it returns, rolled back if not. */
  <T> T write(SqlWork<T> work) throws SQLException;

  /** Runs {@code work} on one consistent snapshot, never waiting for writers. */
  <T> T read(SqlWork<T> work) throws SQLException;

  /** Runs the schema migration, handing it a data source for its own connections. */
  void migrate(Consumer<DataSource> migration);

  /** Where the data lives, for messages. */
  String describe();

  @Override
  void close();
}
