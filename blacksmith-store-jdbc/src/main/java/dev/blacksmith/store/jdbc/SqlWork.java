package dev.blacksmith.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done with a connection inside one transaction. */
@FunctionalInterface
interface SqlWork<T> {
  T run(Connection connection) throws SQLException;
}
