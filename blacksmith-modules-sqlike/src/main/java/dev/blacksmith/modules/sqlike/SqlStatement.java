package dev.blacksmith.modules.sqlike;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One statement of a {@code run-statements} job: SQL with a JDBC {@code ?} per parameter, and the
 * values bound to them in order. Values are written as JSON in the job, then bound, never spliced
 * into the SQL text: strings, numbers, booleans, {@code null}, {@code java.time} values (as
 * ISO-8601 text), and maps, lists or records (as JSON text, for json and jsonb columns).
 *
 * @param sql exactly one statement, such as {@code "insert into events(id, kind) values (?, ?)"}
 * @param args the values of its parameters, in order; may hold {@code null}s
 */
public record SqlStatement(String sql, List<@Nullable Object> args) {

  public SqlStatement {
    if (sql == null || sql.isBlank()) {
      throw new IllegalArgumentException("sql must not be blank");
    }
    args = Collections.unmodifiableList(new ArrayList<>(args));
  }

  /** A statement with its parameters' values, in order. */
  public static SqlStatement of(String sql, @Nullable Object... args) {
    return new SqlStatement(sql, Arrays.asList(args));
  }
}
