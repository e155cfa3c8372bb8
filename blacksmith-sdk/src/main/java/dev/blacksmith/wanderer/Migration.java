package dev.blacksmith.wanderer;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One migration: a version, a name and the scripts that apply and revert it.
 *
 * @param version the UTC timestamp {@code YYYYMMDDHHMISS} that orders migrations, such as {@code
 *     "20261127153000"}
 * @param name what it does, in {@code [a-z0-9_-]}, such as {@code "create_users"}
 * @param up the script applying it
 * @param down the script reverting it; {@code null} when it cannot be rolled back
 */
public record Migration(String version, String name, String up, @Nullable String down) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9_-]+");
  private static final DateTimeFormatter VERSION =
      DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withResolverStyle(ResolverStyle.STRICT);

  /** Checks the version and name. */
  public Migration {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(up, "up");
    versionTime(version);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "migration name must match [a-z0-9_-]+, was '" + name + "'");
    }
  }

  /**
   * The script of {@code direction}, {@code null} for {@link Direction#DOWN} when there is none.
   */
  public @Nullable String script(Direction direction) {
    return direction == Direction.UP ? up : down;
  }

  /**
   * The time {@code version} stands for.
   *
   * @throws IllegalArgumentException when it is not a valid {@code YYYYMMDDHHMISS} timestamp
   */
  public static LocalDateTime versionTime(String version) {
    if (version.length() != 14) {
      throw new IllegalArgumentException(
          "migration version must be YYYYMMDDHHMISS (14 digits), was '" + version + "'");
    }
    try {
      return LocalDateTime.parse(version, VERSION);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "migration version must be a valid YYYYMMDDHHMISS timestamp, was '" + version + "'", e);
    }
  }
}
