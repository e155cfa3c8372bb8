package dev.blacksmith.store.jdbc;

import dev.blacksmith.spi.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/** Embedded SQLite: one file, writes serialised by the database and inside the process. */
final class SqliteDialect implements Dialect {

  static final SqliteDialect INSTANCE = new SqliteDialect();

  private static final String SHORT = "sqlite:";
  private static final String JDBC = "jdbc:sqlite:";

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
  public String lockClaimed() {
    return "";
  }

  @Override
  public int maxParameters() {
    // SQLITE_MAX_VARIABLE_NUMBER's default since SQLite 3.32.
    return 32_766;
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
