package dev.blacksmith.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Removes the explanatory comments of generated files for {@code --no-comments}. Templates keep
 * every comment on lines of its own, so whole lines are removed: Java's {@code //} lines and {@code
 * /* ... *}{@code /} blocks, XML's {@code <!-- ... -->} blocks, and SQL's {@code --} or properties'
 * {@code #} lines. Blank lines left in a row by a removal collapse into one.
 */
final class Comments {

  /** How a kind of file writes comments. */
  enum Syntax {
    JAVA("//", "/*", "*/"),
    XML(null, "<!--", "-->"),
    SQL("--", null, null),
    HASH("#", null, null);

    private final @Nullable String line;
    private final @Nullable String open;
    private final @Nullable String close;

    Syntax(@Nullable String line, @Nullable String open, @Nullable String close) {
      this.line = line;
      this.open = open;
      this.close = close;
    }

    /** The syntax of a template, from its name: Java, XML, SQL, or {@code #} for the others. */
    static Syntax of(String template) {
      if (template.endsWith(".java")) {
        return JAVA;
      }
      if (template.endsWith(".xml")) {
        return XML;
      }
      if (template.endsWith(".sql")) {
        return SQL;
      }
      return HASH;
    }
  }

  private Comments() {}

  /** {@code text} without the comment lines of {@code syntax}. */
  static String strip(String text, Syntax syntax) {
    List<String> kept = new ArrayList<>();
    boolean inBlock = false;
    for (String line : text.split("\n", -1)) {
      String trimmed = line.strip();
      if (inBlock) {
        if (trimmed.contains(Objects.requireNonNull(syntax.close))) {
          inBlock = false;
        }
        continue;
      }
      if (syntax.open != null && trimmed.startsWith(syntax.open)) {
        inBlock = !trimmed.contains(Objects.requireNonNull(syntax.close));
        continue;
      }
      if (syntax.line != null && trimmed.startsWith(syntax.line)) {
        continue;
      }
      boolean blank = trimmed.isEmpty();
      if (blank && !kept.isEmpty() && kept.get(kept.size() - 1).isBlank()) {
        continue;
      }
      // A blank line right after an opening brace is left by a comment that stood first.
      if (blank && !kept.isEmpty() && kept.get(kept.size() - 1).endsWith("{")) {
        continue;
      }
      kept.add(line);
    }
    return String.join("\n", kept);
  }
}
