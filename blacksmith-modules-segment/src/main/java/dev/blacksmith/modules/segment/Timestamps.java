package dev.blacksmith.modules.segment;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads the ISO-8601 date-times Segment's libraries send. They differ: JavaScript and Java send
 * {@code 2025-01-31T12:00:00.000Z}, Python {@code +00:00} offsets or no offset at all (naive times,
 * which Segment reads as UTC), some servers {@code +0000}.
 */
final class Timestamps {

  static final String EXPECTED = "an ISO-8601 date-time such as 2025-01-31T12:00:00.000Z";

  /** Offsets written without a colon, such as {@code +0000} or {@code +0530}. */
  private static final DateTimeFormatter COMPACT_OFFSET =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
          .appendOffset("+HHMM", "Z")
          .toFormatter();

  private Timestamps() {}

  /** The instant {@code text} names, or empty when it is none of the accepted forms. */
  static Optional<Instant> parse(String text) {
    String t = text.trim();
    if (t.length() > 10 && t.charAt(10) == ' ') {
      // Python's str(datetime) separates date and time with a space.
      t = t.substring(0, 10) + 'T' + t.substring(11);
    }
    try {
      return Optional.of(OffsetDateTime.parse(t).toInstant());
    } catch (DateTimeParseException e) {
      // Not the common form; try the others.
    }
    try {
      return Optional.of(OffsetDateTime.parse(t, COMPACT_OFFSET).toInstant());
    } catch (DateTimeParseException e) {
      // Not a compact offset either.
    }
    try {
      return Optional.of(LocalDateTime.parse(t).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      // Not a naive date-time.
    }
    try {
      return Optional.of(LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
