package dev.blacksmith.spi.wanderer;

import dev.blacksmith.wanderer.Migration;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A migration a component declares, as the wanderer acknowledges it.
 *
 * @param scope the component that owns it
 * @param version its {@code YYYYMMDDHHMISS} version
 * @param name what it does, in {@code [a-z0-9_-]}
 * @param checksum a fingerprint of its up script ({@link #checksum(String)}), so that a script
 *     edited after it ran is noticed; the down script is left out on purpose, so that a broken
 *     rollback can be fixed
 */
public record NewMigration(Scope scope, String version, String name, String checksum) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9_-]+");

  /** Checks the version and name. */
  public NewMigration {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(checksum, "checksum");
    Migration.versionTime(Objects.requireNonNull(version, "version"));
    if (!NAME.matcher(Objects.requireNonNull(name, "name")).matches()) {
      throw new IllegalArgumentException(
          "migration name must match [a-z0-9_-]+, was '" + name + "'");
    }
    if (checksum.isBlank()) {
      throw new IllegalArgumentException("checksum must not be blank");
    }
  }

  /** The migration {@code migration} of {@code scope}, with the checksum of its up script. */
  public static NewMigration of(Scope scope, Migration migration) {
    return new NewMigration(scope, migration.version(), migration.name(), checksum(migration.up()));
  }

  /** The lowercase hexadecimal SHA-256 of {@code script} in UTF-8. */
  public static String checksum(String script) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(script.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      // Every JDK has SHA-256.
      throw new IllegalStateException(e);
    }
  }
}
