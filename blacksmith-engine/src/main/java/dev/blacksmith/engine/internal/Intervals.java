package dev.blacksmith.engine.internal;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Schedules as strings: {@code "@every <duration>"} with Go-style durations ({@code 1h30m}, {@code
 * 10s}, {@code 250ms}, and {@code d} for days), the {@code @hourly}/{@code @daily}/{@code @weekly}/{@code
 * @monthly}/{@code @yearly} shortcuts, or five-field Unix CRON expressions. CRON expressions are
 * evaluated in UTC, so daylight-saving gaps and repeats never skip or double a run.
 */
public final class Intervals {

  private static final CronParser CRON =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h|d)");

  private Intervals() {}

  /** A parsed schedule string. */
  public sealed interface Interval permits Every, Cron {

    /** The first run strictly after {@code after}. */
    Instant next(Instant after);

    /** The text it was parsed from. */
    String text();
  }

  /** A fixed period. */
  public record Every(Duration period, String text) implements Interval {
    @Override
    public Instant next(Instant after) {
      return after.plus(period);
    }
  }

  /** A CRON expression, in UTC. */
  public record Cron(ExecutionTime executionTime, String text) implements Interval {
    @Override
    public Instant next(Instant after) {
      Optional<ZonedDateTime> next = executionTime.nextExecution(after.atZone(ZoneOffset.UTC));
      return next.map(ZonedDateTime::toInstant)
          .orElseThrow(() -> new IllegalStateException("CRON '" + text + "' has no next run"));
    }
  }

  /**
   * Parses a schedule string.
   *
   * @throws IllegalArgumentException with a message saying what is accepted
   */
  public static Interval parse(String text) {
    String t = text.trim();
    String lower = t.toLowerCase(Locale.ROOT);
    if (lower.startsWith("@every")) {
      try {
        return new Every(parseDuration(lower.substring("@every".length()).trim()), t);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid schedule '" + text + "': " + e.getMessage(), e);
      }
    }
    String cron =
        switch (lower) {
          case "@hourly" -> "0 * * * *";
          case "@daily", "@midnight" -> "0 0 * * *";
          case "@weekly" -> "0 0 * * 0";
          case "@monthly" -> "0 0 1 * *";
          case "@yearly", "@annually" -> "0 0 1 1 *";
          default -> t;
        };
    try {
      return new Cron(ExecutionTime.forCron(CRON.parse(cron)), t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid schedule '"
              + text
              + "': expected '@every <duration>' (such as '@every 1h30m'), @hourly, @daily, @weekly,"
              + " @monthly, @yearly or a five-field CRON expression ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  /**
   * Parses a Go-style duration such as {@code 1h30m}, {@code 10s} or {@code 250ms}; it must be
   * positive.
   */
  public static Duration parseDuration(String text) {
    String t = text.trim();
    if (t.isEmpty()) {
      throw new IllegalArgumentException("empty duration; expected such as 10s, 5m or 1h30m");
    }
    Matcher m = PART.matcher(t);
    int end = 0;
    long nanos = 0;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      double value = Double.parseDouble(m.group(1));
      long unit =
          switch (m.group(2)) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> 86_400_000_000_000L;
          };
      nanos = Math.addExact(nanos, (long) (value * unit));
      end = m.end();
    }
    if (end != t.length()) {
      throw new IllegalArgumentException(
          "invalid duration '" + text + "'; expected such as 10s, 5m, 1h30m or 250ms");
    }
    if (nanos <= 0) {
      throw new IllegalArgumentException("duration must be positive: '" + text + "'");
    }
    return Duration.ofNanos(nanos);
  }
}
