package dev.blacksmith.modules.sqlike;

import java.sql.SQLException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The databases this destination speaks to, and the few things they do differently. */
enum Dialect {
  POSTGRESQL("PostgreSQL", "jdbc:postgresql://"),
  SQLITE("SQLite", "jdbc:sqlite:");

  private final String label;
  private final String prefix;

  Dialect(String label, String prefix) {
    this.label = label;
    this.prefix = prefix;
  }

  String label() {
    return label;
  }

  /**
   * The dialect of {@code jdbcUrl}.
   *
   * @throws IllegalArgumentException for any other database, naming those supported
   */
  static Dialect of(String jdbcUrl) {
    String lower = jdbcUrl.strip().toLowerCase(Locale.ROOT);
    for (Dialect d : values()) {
      if (lower.startsWith(d.prefix) && lower.length() > d.prefix.length()) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "unsupported JDBC URL '"
            + Redact.url(jdbcUrl)
            + "': expected jdbc:postgresql://host[:port]/database or jdbc:sqlite:<file>");
  }

  /**
   * Whether consecutive statements with the same text are sent as one JDBC batch. PostgreSQL saves
   * a round trip per statement; SQLite runs in the process and has none to save.
   */
  boolean batches() {
    return this == POSTGRESQL;
  }

  /**
   * The SQLSTATE of {@code e} or of the first error chained to it that has one. SQLite reports
   * result codes only, which are mapped as {@link SqlErrorPolicy} documents.
   */
  @Nullable String sqlState(SQLException e) {
    int depth = 0;
    for (Throwable t = e; t != null && depth < 8; depth++) {
      if (t instanceof SQLException s) {
        if (s.getSQLState() != null) {
          return s.getSQLState();
        }
        if (this == SQLITE && s.getErrorCode() != 0) {
          return sqliteState(s.getErrorCode() & 0xff);
        }
        t = s.getNextException() != null ? s.getNextException() : s.getCause();
      } else {
        t = t.getCause();
      }
    }
    return null;
  }

  /** The SQLSTATE standing for a SQLite primary result code; {@code null} when retryable. */
  static @Nullable String sqliteState(int resultCode) {
    return switch (resultCode) {
      case 1 -> "42000"; // SQLITE_ERROR: syntax error, missing table or column
      case 18 -> "22001"; // SQLITE_TOOBIG
      case 19 -> "23000"; // SQLITE_CONSTRAINT
      case 20 -> "22000"; // SQLITE_MISMATCH
      case 25 -> "22023"; // SQLITE_RANGE: parameter index out of range
      default -> null; // busy, locked, I/O, full, read-only, interrupted: may pass on a retry
    };
  }
}
