package dev.blacksmith.modules.sqlike;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One statement ready to run: SQL with a {@code ?} per parameter, and the JSON value bound to each.
 *
 * @param firstWord the statement's first keyword in lower case, to tell plain DML (which can be
 *     batched) from the rest
 */
record BoundStatement(String sql, List<JsonNode> args, @Nullable String firstWord) {

  BoundStatement {
    args = List.copyOf(args);
  }

  /** Whether this is a plain INSERT, UPDATE, DELETE or MERGE, which returns no rows. */
  boolean isPlainDml() {
    return firstWord != null
        && switch (firstWord) {
          case "insert", "update", "delete", "merge" -> true;
          default -> false;
        };
  }
}
