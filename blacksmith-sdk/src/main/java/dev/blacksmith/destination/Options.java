package dev.blacksmith.destination;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The options of a destination.
 *
 * @param versions the versions the destination supports, each with its deprecation date, or {@link
 *     #MAINTAINED} while it is still maintained. Empty disables versioning.
 * @param defaultVersion the version applied when a flow or trigger sets none; must be one of {@code
 *     versions}; {@code null} when versioning is disabled
 * @param defaultSchedule when the destination's actions run, unless an action says otherwise;
 *     {@code null} applies {@link Defaults#SCHEDULE}. A destination may override what its user set
 *     so nobody schedules it in a way it cannot bear.
 */
public record Options(
    Map<String, Instant> versions,
    @Nullable String defaultVersion,
    @Nullable Schedule defaultSchedule) {

  /**
   * The deprecation date of a version that is still maintained (the original's zero {@code
   * time.Time}).
   */
  public static final Instant MAINTAINED = Instant.EPOCH;

  public Options {
    versions = Map.copyOf(versions);
    if (defaultVersion != null && !versions.containsKey(defaultVersion)) {
      throw new IllegalArgumentException(
          "defaultVersion '"
              + defaultVersion
              + "' is not one of the versions "
              + versions.keySet());
    }
    if (defaultVersion == null && !versions.isEmpty()) {
      throw new IllegalArgumentException(
          "defaultVersion must be set when versions are declared " + versions.keySet());
    }
  }

  /** A builder with no versions and no schedule (so {@link Defaults#SCHEDULE} applies). */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether versioning is enabled for the destination. */
  public boolean isVersioned() {
    return !versions.isEmpty();
  }

  /** Builds {@link Options}. */
  public static final class Builder {
    private final Map<String, Instant> versions = new LinkedHashMap<>();
    private @Nullable String defaultVersion;
    private @Nullable Schedule defaultSchedule;

    private Builder() {}

    /** Declares a version that is still maintained. */
    public Builder version(String version) {
      versions.put(version, MAINTAINED);
      return this;
    }

    /** Declares a version deprecated from {@code deprecatedAt}. */
    public Builder version(String version, Instant deprecatedAt) {
      versions.put(version, deprecatedAt);
      return this;
    }

    public Builder defaultVersion(String version) {
      this.defaultVersion = version;
      return this;
    }

    public Builder defaultSchedule(Schedule schedule) {
      this.defaultSchedule = schedule;
      return this;
    }

    public Options build() {
      return new Options(versions, defaultVersion, defaultSchedule);
    }
  }
}
