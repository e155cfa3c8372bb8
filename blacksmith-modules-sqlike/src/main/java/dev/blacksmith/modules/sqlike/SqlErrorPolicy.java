package dev.blacksmith.modules.sqlike;

import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Which SQL errors are permanent, so their jobs are discarded at once rather than retried. Entries
 * are SQLSTATE classes (two characters, such as {@code "23"}) or full SQLSTATE codes (five, such as
 * {@code "23505"}).
 *
 * <p>An error is permanent when its code or class is in {@code permanent} and neither its code nor
 * its class is in {@code retryable}; an exact code wins over a class, so {@code permanent: [42]}
 * with {@code retryable: [42P01]} discards syntax errors but retries a missing table (maybe created
 * by a migration still to run). Errors without a SQLSTATE (a lost connection, a pool timeout) are
 * never permanent. SQLite reports result codes instead of SQLSTATEs; they are read as {@code 23000}
 * (constraint), {@code 22000} (type mismatch), {@code 22001} (too big), {@code 22023} (parameter
 * index out of range) and {@code 42000} (any other SQL error, such as a syntax error or a missing
 * table); busy, locked, I/O, full and read-only databases are retryable.
 *
 * @param permanent SQLSTATE classes or codes whose errors discard the job
 * @param retryable SQLSTATE classes or codes retried even though {@code permanent} names them
 */
public record SqlErrorPolicy(Set<String> permanent, Set<String> retryable) {

  // Declared before DEFAULT, whose construction uses it.
  private static final Pattern ENTRY = Pattern.compile("[0-9A-Z]{2}([0-9A-Z]{3})?");

  /**
   * Data exceptions ({@code 22}), integrity constraint violations ({@code 23}), and syntax errors
   * or access rule violations ({@code 42}) are permanent; everything else is retried.
   */
  public static final SqlErrorPolicy DEFAULT =
      new SqlErrorPolicy(Set.of("22", "23", "42"), Set.of());

  /** Checks and normalises (upper case) every entry. */
  public SqlErrorPolicy {
    permanent = normalise(permanent, "permanent");
    retryable = normalise(retryable, "retryable");
  }

  /** This policy with other permanent classes or codes. */
  public SqlErrorPolicy withPermanent(Collection<String> newPermanent) {
    return new SqlErrorPolicy(Set.copyOf(newPermanent), retryable);
  }

  /** This policy with other retryable exceptions to {@link #permanent}. */
  public SqlErrorPolicy withRetryable(Collection<String> newRetryable) {
    return new SqlErrorPolicy(permanent, Set.copyOf(newRetryable));
  }

  /** Whether an error with {@code sqlState} is permanent; {@code null} never is. */
  public boolean isPermanent(@Nullable String sqlState) {
    if (sqlState == null || sqlState.length() != 5) {
      return false;
    }
    String code = sqlState.toUpperCase(Locale.ROOT);
    if (retryable.contains(code)) {
      return false;
    }
    if (permanent.contains(code)) {
      return true;
    }
    String sqlClass = code.substring(0, 2);
    return !retryable.contains(sqlClass) && permanent.contains(sqlClass);
  }

  private static Set<String> normalise(Collection<String> entries, String what) {
    Set<String> out = new TreeSet<>();
    for (String entry : entries) {
      String e = entry == null ? "" : entry.strip().toUpperCase(Locale.ROOT);
      if (!ENTRY.matcher(e).matches()) {
        throw new IllegalArgumentException(
            what
                + " SQLSTATE '"
                + entry
                + "' must be a class of 2 characters (such as 23) or a code of 5 (such as 23505)");
      }
      out.add(e);
    }
    return Collections.unmodifiableSet(out);
  }
}
