package dev.blacksmith.store.jdbc;

/**
 * Every difference between the databases the store runs on; the store's SQL is otherwise shared.
 * Keep it small: add a method only for a real difference.
 */
interface Dialect {

  /** The backend's short name, such as {@code "sqlite"}. */
  String name();

  /** Whether this dialect opens {@code url}. */
  boolean supports(String url);

  /** The URL forms this dialect opens, for error messages. */
  String urlForms();

  /** Opens the connections for {@code url}; the schema is left as it is. */
  Database open(String url);

  /** The Flyway location of this backend's migrations. */
  String migrations();

  /**
   * Appended to the select of claimable jobs. Where writers run concurrently (PostgreSQL) it locks
   * the rows and skips those other claimers hold ({@code FOR UPDATE SKIP LOCKED}); where writes are
   * serialised (SQLite) it is empty.
   */
  String lockClaimed();

  /** The most bind parameters one statement may carry. */
  int maxParameters();
}
