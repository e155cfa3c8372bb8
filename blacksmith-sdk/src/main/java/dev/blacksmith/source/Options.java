package dev.blacksmith.source;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The options of a source.
 *
 * @param versions the versions the source supports, each with its deprecation date or {@link
 *     dev.blacksmith.destination.Options#MAINTAINED}; empty disables versioning
 * @param defaultVersion the version applied to events that carry none
 * @param defaultSchedule when the source's CRON triggers run unless a trigger says otherwise
 */
public record Options(
    Map<String, Instant> versions,
    @Nullable String defaultVersion,
    @Nullable Schedule defaultSchedule) {

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

  public static Builder builder() {
    return new Builder();
  }

  public boolean isVersioned() {
    return !versions.isEmpty();
  }

  /** Builds {@link Options}. */
  public static final class Builder {
    private final Map<String, Instant> versions = new LinkedHashMap<>();
    private @Nullable String defaultVersion;
    private @Nullable Schedule defaultSchedule;

    private Builder() {}

    public Builder version(String version) {
      versions.put(version, dev.blacksmith.destination.Options.MAINTAINED);
      return this;
    }

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
