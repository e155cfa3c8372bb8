package dev.blacksmith.modules.http;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * A set of HTTP status codes (100 to 599), written as a comma-separated list of codes ({@code
 * 408}), ranges ({@code 500-504}) and classes ({@code 5xx}): {@code "408, 429, 5xx"}.
 */
public final class StatusCodes {

  private static final int LOWEST = 100;
  private static final int HIGHEST = 599;

  private final BitSet codes;

  private StatusCodes(BitSet codes) {
    this.codes = codes;
  }

  /** No status at all. */
  public static StatusCodes none() {
    return new StatusCodes(new BitSet());
  }

  /**
   * Parses {@code "408, 429, 5xx"}, {@code "200-299"} or {@code "4xx"}. Blank text is the empty
   * set.
   *
   * @throws IllegalArgumentException saying which part is wrong
   */
  public static StatusCodes parse(String text) {
    BitSet codes = new BitSet();
    for (String raw : text.split(",")) {
      String part = raw.trim().toLowerCase(Locale.ROOT);
      if (part.isEmpty()) {
        continue;
      }
      if (part.matches("[1-5]xx")) {
        int base = (part.charAt(0) - '0') * 100;
        codes.set(base, base + 100);
      } else if (part.matches("\\d{3}\\s*-\\s*\\d{3}")) {
        String[] bounds = part.split("-");
        int from = code(bounds[0].trim(), text);
        int to = code(bounds[1].trim(), text);
        if (from > to) {
          throw new IllegalArgumentException(
              "range '" + part + "' in '" + text + "' ends before it starts");
        }
        codes.set(from, to + 1);
      } else if (part.matches("\\d{3}")) {
        codes.set(code(part, text));
      } else {
        throw new IllegalArgumentException(
            "'"
                + raw.trim()
                + "' in '"
                + text
                + "' is not a status code, a range (500-504) or a class (5xx)");
      }
    }
    return new StatusCodes(codes);
  }

  private static int code(String digits, String text) {
    int code = Integer.parseInt(digits);
    if (code < LOWEST || code > HIGHEST) {
      throw new IllegalArgumentException(
          "status " + code + " in '" + text + "' is not between " + LOWEST + " and " + HIGHEST);
    }
    return code;
  }

  /** Whether {@code status} is in this set. */
  public boolean contains(int status) {
    return status >= LOWEST && status <= HIGHEST && codes.get(status);
  }

  public boolean isEmpty() {
    return codes.isEmpty();
  }

  /** The codes in both this set and {@code other}. */
  public StatusCodes intersection(StatusCodes other) {
    BitSet both = (BitSet) codes.clone();
    both.and(other.codes);
    return new StatusCodes(both);
  }

  /** The canonical text, such as {@code "408, 429, 5xx"}; parsing it gives this set back. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    int from = codes.nextSetBit(0);
    while (from >= 0) {
      int end = codes.nextClearBit(from); // exclusive
      int at = from;
      while (at < end) {
        if (at % 100 == 0 && at + 100 <= end) {
          parts.add((at / 100) + "xx");
          at += 100;
        } else {
          int stop = nextClassStart(at, end);
          parts.add(stop - at == 1 ? Integer.toString(at) : at + "-" + (stop - 1));
          at = stop;
        }
      }
      from = codes.nextSetBit(end);
    }
    return String.join(", ", parts);
  }

  /** Where a run starting at {@code at} stops before a whole class could be written as "Nxx". */
  private static int nextClassStart(int at, int end) {
    int nextClass = (at / 100 + 1) * 100;
    return nextClass + 100 <= end ? nextClass : end;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StatusCodes other && codes.equals(other.codes);
  }

  @Override
  public int hashCode() {
    return codes.hashCode();
  }
}
