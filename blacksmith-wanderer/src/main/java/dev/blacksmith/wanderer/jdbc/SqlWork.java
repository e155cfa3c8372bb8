package dev.blacksmith.wanderer.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** Work on one connection inside one transaction. */
@FunctionalInterface
interface SqlWork<T> {
  T run(Connection connection) throws SQLException;
}
