package dev.blacksmith.spi;

import com.github.f4b6a3.uuid.UuidCreator;

/**
 * Time-sortable ids (UUIDv7, 36 characters) for events, jobs and transitions. Ids made later sort
 * after ids made earlier, also across processes, so the store can page by id.
 */
public final class Ids {

  private Ids() {}

  /** A new id. */
  public static String next() {
    return UuidCreator.getTimeOrderedEpoch().toString();
  }
}
