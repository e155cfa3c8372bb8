package dev.blacksmith.engine.internal;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/** Applies the versioning rules shared by sources and destinations. */
final class Versions {

  private Versions() {}

  /** Thrown for a version the source or destination does not declare. */
  static final class UnknownVersionException extends Exception {
    private static final long serialVersionUID = 1L;

    UnknownVersionException(String message) {
      super(message);
    }
  }

  /**
   * The version to record: {@code requested}, or {@code defaultVersion} when it is {@code null}.
   * Returns {@code null} when versioning is disabled; logs a warning for a deprecated version.
   *
   * @throws UnknownVersionException when the version is not declared
   */
  static @Nullable String resolve(
      String owner,
      Map<String, Instant> versions,
      @Nullable String defaultVersion,
      @Nullable String requested,
      Instant now,
      Logger logger)
      throws UnknownVersionException {
    if (versions.isEmpty()) {
      return requested;
    }
    String version = requested == null || requested.isEmpty() ? defaultVersion : requested;
    Instant deprecation = versions.get(version);
    if (deprecation == null) {
      throw new UnknownVersionException(
          "unknown version '" + version + "' for " + owner + "; supported: " + versions.keySet());
    }
    if (!deprecation.equals(dev.blacksmith.destination.Options.MAINTAINED)
        && !now.isBefore(deprecation)) {
      logger.warn("version {} of {} is deprecated since {}", version, owner, deprecation);
    }
    return version;
  }
}
