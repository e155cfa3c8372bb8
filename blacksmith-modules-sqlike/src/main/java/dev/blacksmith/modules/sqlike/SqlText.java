package dev.blacksmith.modules.sqlike;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads SQL text as PostgreSQL and SQLite do, just far enough to split it into statements at
 * top-level semicolons and to find parameters outside string literals, quoted identifiers, comments
 * and PostgreSQL dollar-quoted bodies.
 *
 * <p>In {@link Placeholders#NAMED} mode each {@code :name} becomes a JDBC {@code ?} and its name is
 * recorded, so values are always bound, never spliced into the text. A {@code ::} (PostgreSQL cast)
 * is left alone, and so is a colon that directly follows an identifier character or {@code ]}, as
 * in the array slice {@code tags[1:n]}. A {@code ?} outside literals is refused there, because it
 * would shift every named parameter after it.
 */
final class SqlText {

  /** How parameters are written in the text. */
  enum Placeholders {
    /** JDBC {@code ?}, left as written (run-statements). */
    POSITIONAL,
    /** {@code :name}, turned into {@code ?} (operation templates). */
    NAMED
  }

  /**
   * One statement.
   *
   * @param sql the statement without its semicolon, with {@code ?} for each parameter
   * @param parameters in {@link Placeholders#NAMED} mode, the name of each {@code ?} in order (a
   *     name used twice appears twice); empty otherwise
   * @param firstWord the statement's first keyword in lower case, such as {@code "insert"}; {@code
   *     null} when it starts otherwise (a parenthesis)
   */
  record Statement(String sql, List<String> parameters, @Nullable String firstWord) {
    Statement {
      parameters = List.copyOf(parameters);
    }
  }

  private SqlText() {}

  /**
   * The statements of {@code text}, in order; parts holding only comments and whitespace are
   * dropped.
   *
   * @throws IllegalArgumentException for an unterminated literal or comment, or a {@code ?} in
   *     {@link Placeholders#NAMED} mode, saying where
   */
  static List<Statement> parse(String text, Placeholders mode) {
    List<Statement> statements = new ArrayList<>();
    StringBuilder sql = new StringBuilder();
    List<String> names = new ArrayList<>();
    boolean hasCode = false;
    String firstWord = null;
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      char next = i + 1 < n ? text.charAt(i + 1) : '\0';
      if (c == '-' && next == '-') {
        int end = text.indexOf('\n', i);
        end = end < 0 ? n : end;
        sql.append(text, i, end);
        i = end;
        continue;
      }
      if (c == '/' && next == '*') {
        int end = closeBlockComment(text, i);
        sql.append(text, i, end);
        i = end;
        continue;
      }
      if (c == ';') {
        if (hasCode) {
          statements.add(new Statement(sql.toString().strip(), names, firstWord));
        }
        sql.setLength(0);
        names = new ArrayList<>();
        hasCode = false;
        firstWord = null;
        i++;
        continue;
      }
      if (!hasCode && !Character.isWhitespace(c)) {
        hasCode = true;
        if (isIdentifierStart(c)) {
          int end = i;
          while (end < n && isIdentifierPart(text.charAt(end))) {
            end++;
          }
          firstWord = text.substring(i, end).toLowerCase(Locale.ROOT);
        }
      }
      int end;
      if (c == '\'') {
        end = closeQuote(text, i, '\'', isEscapeString(text, i));
      } else if (c == '"' || c == '`') {
        end = closeQuote(text, i, c, false);
      } else if (c == '$' && dollarTag(text, i) != null) {
        end = closeDollarQuote(text, i, dollarTag(text, i));
      } else if (c == ':' && next == ':') {
        end = i + 2;
      } else if (mode == Placeholders.NAMED
          && c == ':'
          && isIdentifierStart(next)
          && !(i > 0 && (isIdentifierPart(text.charAt(i - 1)) || text.charAt(i - 1) == ']'))) {
        end = i + 1;
        while (end < n && isIdentifierPart(text.charAt(end))) {
          end++;
        }
        names.add(text.substring(i + 1, end));
        sql.append('?');
        i = end;
        continue;
      } else if (mode == Placeholders.NAMED && c == '?') {
        throw new IllegalArgumentException(
            "a ? at "
                + where(text, i)
                + " is not allowed: name every parameter (:email); for PostgreSQL's jsonb ?"
                + " operators use jsonb_exists(), jsonb_exists_any() or jsonb_exists_all()");
      } else {
        end = i + 1;
      }
      sql.append(text, i, end);
      i = end;
    }
    if (hasCode) {
      statements.add(new Statement(sql.toString().strip(), names, firstWord));
    }
    return List.copyOf(statements);
  }

  /** {@code sql} on one line, cut to about {@code max} characters, for error messages. */
  static String abbreviate(String sql, int max) {
    String line = sql.strip().replaceAll("\\s+", " ");
    return line.length() <= max ? line : line.substring(0, max) + "…";
  }

  /** Whether the quote at {@code i} opens a PostgreSQL escape string ({@code E'...'}). */
  private static boolean isEscapeString(String text, int i) {
    if (i == 0 || (text.charAt(i - 1) != 'E' && text.charAt(i - 1) != 'e')) {
      return false;
    }
    return i == 1 || !isIdentifierPart(text.charAt(i - 2));
  }

  /** The index after the quote closing the one at {@code start}; doubled quotes are escapes. */
  private static int closeQuote(String text, int start, char quote, boolean backslashEscapes) {
    int n = text.length();
    int j = start + 1;
    while (j < n) {
      char ch = text.charAt(j);
      if (backslashEscapes && ch == '\\') {
        j += 2;
        continue;
      }
      if (ch == quote) {
        if (j + 1 < n && text.charAt(j + 1) == quote) {
          j += 2;
          continue;
        }
        return j + 1;
      }
      j++;
    }
    throw new IllegalArgumentException(
        "unterminated " + quote + " quoted text starting at " + where(text, start));
  }

  /** The index after the comment opened at {@code start}; PostgreSQL nests them. */
  private static int closeBlockComment(String text, int start) {
    int depth = 0;
    int j = start;
    int n = text.length();
    while (j < n) {
      if (text.startsWith("/*", j)) {
        depth++;
        j += 2;
      } else if (text.startsWith("*/", j)) {
        depth--;
        j += 2;
        if (depth == 0) {
          return j;
        }
      } else {
        j++;
      }
    }
    throw new IllegalArgumentException("unterminated /* comment starting at " + where(text, start));
  }

  /**
   * The dollar-quote tag ({@code $$} or {@code $name$}) opening at {@code i}, or {@code null}. A
   * {@code $} inside an identifier or before a digit ({@code $1}) opens nothing.
   */
  private static @Nullable String dollarTag(String text, int i) {
    if (i > 0 && isIdentifierPart(text.charAt(i - 1))) {
      return null;
    }
    int j = i + 1;
    int n = text.length();
    if (j < n && !isIdentifierStart(text.charAt(j)) && text.charAt(j) != '$') {
      return null;
    }
    while (j < n && isIdentifierPart(text.charAt(j))) {
      j++;
    }
    return j < n && text.charAt(j) == '$' ? text.substring(i, j + 1) : null;
  }

  private static int closeDollarQuote(String text, int start, String tag) {
    int close = text.indexOf(tag, start + tag.length());
    if (close < 0) {
      throw new IllegalArgumentException(
          "unterminated " + tag + " quoted text starting at " + where(text, start));
    }
    return close + tag.length();
  }

  private static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || (c >= '0' && c <= '9');
  }

  /** "line L, column C" of index {@code i}, both 1-based. */
  static String where(String text, int i) {
    int line = 1;
    int column = 1;
    for (int k = 0; k < i; k++) {
      if (text.charAt(k) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return "line " + line + ", column " + column;
  }
}
