package dev.blacksmith.modules.sqlike;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Job;
import dev.blacksmith.destination.ThenSink;
import dev.blacksmith.destination.Toolkit;
import dev.blacksmith.json.Json;
import dev.blacksmith.store.Queue;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Action {@code run-operation}: each job names an operation template and carries its parameters;
 * the template's statements run with the parameters bound, a queue in one transaction.
 */
final class RunOperation implements Action {

  private final @Nullable String operation;
  private final @Nullable Object params;
  private final @Nullable SqlikeDestination destination;

  /** The instance a flow creates, carrying one job's operation and parameters. */
  RunOperation(String operation, @Nullable Object params) {
    this.operation = operation;
    this.params = params;
    this.destination = null;
  }

  /** The instance the destination registers, which loads. */
  RunOperation(SqlikeDestination destination) {
    this.operation = null;
    this.params = null;
    this.destination = destination;
  }

  @Override
  public String name() {
    return SqlikeDestination.RUN_OPERATION;
  }

  /**
   * Writes the operation and its parameters as job data.
   *
   * @throws InvalidJobException when the operation's name is not one a template file can have, or
   *     the parameters are not an object: no job is created
   */
  @Override
  public Job marshal(Toolkit toolkit) throws InvalidJobException {
    if (operation == null) {
      throw new IllegalStateException("only the actions a flow creates carry an operation");
    }
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("operation", operation);
    JsonNode tree =
        params == null ? JsonNodeFactory.instance.objectNode() : Json.mapper().valueToTree(params);
    data.set("params", tree);
    JobData.operation(data);
    return Job.of(data);
  }

  @Override
  public void load(Toolkit toolkit, Queue queue, ThenSink then) {
    if (destination == null) {
      throw new IllegalStateException("only the action the destination registers loads");
    }
    destination.load(
        toolkit,
        queue,
        then,
        data -> {
          JobData.Call call = JobData.operation(data);
          return destination.operations().find(call.operation()).bind(call.params());
        });
  }
}
