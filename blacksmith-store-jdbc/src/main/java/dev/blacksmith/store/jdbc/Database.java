package dev.blacksmith.store.jdbc;

import dev.blacksmith.spi.pubsub.PubSub;
import java.sql.SQLException;
import java.util.Optional;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The connections of one store and how writes are disciplined: each dialect decides how its writers
 * are serialised or locked and where reads go, so the store's code stays the same.
 */
interface Database extends AutoCloseable {

  /** Runs {@code work} in one write transaction: committed when it returns, rolled back if not. */
  <T> T write(SqlWork<T> work) throws SQLException;

  /** Runs {@code work} on one consistent snapshot, never waiting for writers. */
  <T> T read(SqlWork<T> work) throws SQLException;

  /**
   * Runs the schema migration configured by {@code flyway} (class loader and locations), after
   * giving it this database's connections and, where it has one, its schema.
   */
  void migrate(FluentConfiguration flyway);

  /** The pub/sub the database itself carries, if any; closed with the database. */
  default Optional<PubSub> notifications() {
    return Optional.empty();
  }

  /** Where the data lives, for messages; never holds a password. */
  String describe();

  @Override
  void close();
}
