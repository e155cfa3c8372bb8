package dev.blacksmith.store.jdbc;

import dev.blacksmith.spi.store.ClaimRequest;
import dev.blacksmith.spi.store.Outcome;
import dev.blacksmith.spi.store.StoreException;
import dev.blacksmith.store.Job;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Embedded SQLite: one file, writes serialised by the database and inside the process, so jobs are
 * read and then updated ({@link PortableWrites}). Instants are epoch microseconds ({@code
 * INTEGER}), JSON is text.
 */
final class SqliteDialect implements Dialect {

  static final SqliteDialect INSTANCE = new SqliteDialect();

  private static final String SHORT = "sqlite:";
  private static final String JDBC = "jdbc:sqlite:";

  private final PortableWrites writes = new PortableWrites(this);

  private SqliteDialect() {}

  @Override
  public String name() {
    return "sqlite";
  }

  @Override
  public boolean supports(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    return lower.startsWith(SHORT) || lower.startsWith(JDBC);
  }

  @Override
  public String urlForms() {
    return "sqlite:<path>, jdbc:sqlite:<path>";
  }

  @Override
  public Database open(String url) {
    Path file = file(url);
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new StoreException("cannot create the directory of the SQLite store " + file, e);
    }
    return SqliteDatabase.open(file);
  }

  @Override
  public String migrations() {
    return "classpath:db/migration/sqlite";
  }

  @Override
  public int maxParameters() {
    // SQLITE_MAX_VARIABLE_NUMBER's default since SQLite 3.32.
    return 32_766;
  }

  @Override
  public Object instant(Instant instant) {
    return Micros.of(instant);
  }

  @Override
  public @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    long micros = rs.getLong(column);
    return rs.wasNull() ? null : Micros.instant(micros);
  }

  @Override
  public String forUpdate(boolean skipLocked) {
    // One writer at a time: what a write transaction reads cannot change under it.
    return "";
  }

  @Override
  public String isIn(String column, int count) {
    return column + " IN (" + Sql.placeholders(count) + ")";
  }

  @Override
  public int bindAll(Connection c, PreparedStatement statement, int index, List<String> values)
      throws SQLException {
    return Sql.bind(statement, index, values, this);
  }

  @Override
  public void insert(Connection c, Columns.Table table, List<@Nullable Object[]> rows)
      throws SQLException {
    Sql.insert(c, table, rows, this);
  }

  @Override
  public List<Job> claim(Connection c, ClaimRequest request, boolean start) throws SQLException {
    return writes.claim(c, request, start);
  }

  @Override
  public List<Job> start(
      Connection c, String owner, List<String> ids, Instant now, Instant leaseUntil)
      throws SQLException {
    return writes.start(c, owner, ids, now, leaseUntil);
  }

  @Override
  public Set<String> complete(Connection c, String owner, List<Outcome> outcomes, Instant now)
      throws SQLException {
    return writes.complete(c, owner, outcomes, now);
  }

  /** The file of a {@code sqlite:<path>} or {@code jdbc:sqlite:<path>} URL. */
  static Path file(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    String path;
    if (lower.startsWith(JDBC)) {
      path = url.substring(JDBC.length());
    } else if (lower.startsWith(SHORT)) {
      path = url.substring(SHORT.length());
    } else {
      throw new StoreException("not a SQLite URL: '" + url + "'; expected sqlite:<path>");
    }
    if (path.isBlank()) {
      throw new StoreException("the SQLite URL '" + url + "' has no file path");
    }
    // Each connection of an in-memory database is its own database, and the store uses several.
    if (path.startsWith(":memory:") || path.contains("mode=memory")) {
      throw new StoreException(
          "in-memory SQLite is not supported ('" + url + "'); give a file path instead");
    }
    if (path.startsWith("file:") || path.contains("?")) {
      throw new StoreException(
          "SQLite URI options are not supported ('" + url + "'); give a plain file path");
    }
    try {
      return Path.of(path);
    } catch (InvalidPathException e) {
      throw new StoreException("invalid SQLite file path in '" + url + "'", e);
    }
  }
}
