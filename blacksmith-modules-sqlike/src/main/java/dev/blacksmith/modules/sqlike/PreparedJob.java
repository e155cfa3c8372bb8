package dev.blacksmith.modules.sqlike;

import java.util.List;

/** A job of the queue being loaded, with the statements its data stands for, in order. */
record PreparedJob(String id, List<BoundStatement> statements) {

  PreparedJob {
    statements = List.copyOf(statements);
  }
}
