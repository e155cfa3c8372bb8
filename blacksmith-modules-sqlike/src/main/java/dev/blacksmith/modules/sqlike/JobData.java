package dev.blacksmith.modules.sqlike;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The shapes of the jobs' data, checked the same way when a job is marshalled at the gateway and
 * when it is loaded:
 *
 * <ul>
 *   <li>run-statements: {@code {"statements": [{"sql": "insert into t(a, b) values (?, ?)", "args":
 *       [1, "x"]}, ...]}}, one statement per entry, at most {@value #MAX_STATEMENTS}.
 *   <li>run-operation: {@code {"operation": "upsert_user", "params": {"email":
 *       "ada@example.com"}}}.
 * </ul>
 */
final class JobData {

  /** The most statements one job may carry. */
  static final int MAX_STATEMENTS = 1000;

  /** Operation names, which are also file names: no path separators, no dots. */
  static final Pattern OPERATION = Pattern.compile("[A-Za-z0-9_-]{1,100}");

  // Decimals stay exact (BigDecimal) until they are bound.
  private static final JsonMapper READER =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  private JobData() {}

  /** An operation to run and its parameters. */
  record Call(String operation, ObjectNode params) {}

  static JsonNode read(String json) throws InvalidJobException {
    try {
      return READER.readTree(json);
    } catch (JacksonException e) {
      throw new InvalidJobException("job data is not valid JSON: " + e.getOriginalMessage());
    }
  }

  /** The statements of run-statements job data. */
  static List<BoundStatement> statements(JsonNode data) throws InvalidJobException {
    if (data == null || !data.isObject()) {
      throw new InvalidJobException(
          "run-statements job data must be an object like {\"statements\": [{\"sql\": \"...\","
              + " \"args\": [...]}]}");
    }
    JsonNode statements = data.get("statements");
    if (statements == null || !statements.isArray() || statements.isEmpty()) {
      throw new InvalidJobException("run-statements job data needs a non-empty array statements");
    }
    if (statements.size() > MAX_STATEMENTS) {
      throw new InvalidJobException(
          "run-statements job data has "
              + statements.size()
              + " statements; at most "
              + MAX_STATEMENTS
              + " per job");
    }
    List<BoundStatement> out = new ArrayList<>(statements.size());
    int index = 0;
    for (JsonNode entry : statements.values()) {
      String where = "statements[" + index++ + "]";
      if (!entry.isObject()) {
        throw new InvalidJobException(where + " must be an object with sql and args");
      }
      JsonNode sql = entry.get("sql");
      if (sql == null || !sql.isString() || sql.stringValue().isBlank()) {
        throw new InvalidJobException(where + ".sql must be a non-empty string");
      }
      List<SqlText.Statement> parsed;
      try {
        parsed = SqlText.parse(sql.stringValue(), SqlText.Placeholders.POSITIONAL);
      } catch (IllegalArgumentException e) {
        throw new InvalidJobException(where + ".sql: " + e.getMessage());
      }
      if (parsed.size() != 1) {
        throw new InvalidJobException(
            where
                + ".sql must hold exactly one statement, found "
                + parsed.size()
                + ": give each statement its own entry");
      }
      JsonNode args = entry.get("args");
      List<JsonNode> values = new ArrayList<>();
      if (args != null && !args.isNull()) {
        if (!args.isArray()) {
          throw new InvalidJobException(where + ".args must be an array of values");
        }
        values.addAll(args.values());
      }
      SqlText.Statement statement = parsed.get(0);
      out.add(new BoundStatement(statement.sql(), values, statement.firstWord()));
    }
    return out;
  }

  /** The operation and parameters of run-operation job data. */
  static Call operation(JsonNode data) throws InvalidJobException {
    if (data == null || !data.isObject()) {
      throw new InvalidJobException(
          "run-operation job data must be an object like {\"operation\": \"name\", \"params\":"
              + " {...}}");
    }
    JsonNode operation = data.get("operation");
    if (operation == null
        || !operation.isString()
        || !OPERATION.matcher(operation.stringValue()).matches()) {
      throw new InvalidJobException(
          "run-operation job data needs operation, the name of a template in [A-Za-z0-9_-],"
              + " was "
              + (operation == null ? "missing" : operation.toString()));
    }
    JsonNode params = data.get("params");
    if (params == null || params.isNull()) {
      return new Call(operation.stringValue(), JsonNodeFactory.instance.objectNode());
    }
    if (!params.isObject()) {
      throw new InvalidJobException("run-operation params must be an object of named values");
    }
    return new Call(operation.stringValue(), (ObjectNode) params);
  }
}
