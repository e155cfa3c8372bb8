package dev.blacksmith.modules.sqlike;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Job;
import dev.blacksmith.destination.ThenSink;
import dev.blacksmith.destination.Toolkit;
import dev.blacksmith.json.Json;
import dev.blacksmith.store.Queue;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Action {@code run-statements}: each job carries SQL statements and their values; a queue runs in
 * one transaction (see {@link QueueLoader} for what happens when it fails).
 */
final class RunStatements implements Action {

  private final @Nullable List<SqlStatement> statements;
  private final @Nullable SqlikeDestination destination;

  /** The instance a flow creates, carrying one job's statements. */
  RunStatements(List<SqlStatement> statements) {
    this.statements = List.copyOf(statements);
    this.destination = null;
  }

  /** The instance the destination registers, which loads. */
  RunStatements(SqlikeDestination destination) {
    this.statements = null;
    this.destination = destination;
  }

  @Override
  public String name() {
    return SqlikeDestination.RUN_STATEMENTS;
  }

  /**
   * Writes the statements as job data, after checking them as a load will.
   *
   * @throws InvalidJobException when there is no statement, too many, or an entry holds several
   *     statements or an unterminated literal: no job is created
   */
  @Override
  public Job marshal(Toolkit toolkit) throws InvalidJobException {
    if (statements == null) {
      throw new IllegalStateException("only the actions a flow creates carry statements");
    }
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    for (SqlStatement s : statements) {
      ArrayNode args = JsonNodeFactory.instance.arrayNode();
      for (Object arg : s.args()) {
        args.add(
            arg == null ? JsonNodeFactory.instance.nullNode() : Json.mapper().valueToTree(arg));
      }
      ObjectNode entry = JsonNodeFactory.instance.objectNode();
      entry.put("sql", s.sql());
      entry.set("args", args);
      list.add(entry);
    }
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.set("statements", list);
    JobData.statements(data);
    return Job.of(data);
  }

  @Override
  public void load(Toolkit toolkit, Queue queue, ThenSink then) {
    if (destination == null) {
      throw new IllegalStateException("only the action the destination registers loads");
    }
    destination.load(toolkit, queue, then, JobData::statements);
  }
}
