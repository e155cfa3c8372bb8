package dev.blacksmith.store.jdbc;

import java.time.Instant;

/** Instants as epoch microseconds, the precision every backend keeps. */
final class Micros {

  private static final long PER_SECOND = 1_000_000L;

  private Micros() {}

  static long of(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), PER_SECOND), instant.getNano() / 1000);
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, PER_SECOND), Math.floorMod(micros, PER_SECOND) * 1000L);
  }

  /** {@code instant} cut to what the store keeps. */
  static Instant truncate(Instant instant) {
    return instant(of(instant));
  }
}
