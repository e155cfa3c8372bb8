package dev.blacksmith.spi;

import com.github.f4b6a3.uuid.UuidCreator;

/**
 * Time-sortable ids (UUIDv7, 36 characters) for events, jobs and transitions. Ids made later sort
 * after ids made earlier, also across processes, so the store can page by id.
 */
public final class Ids {

  private Ids() {}

  /**
   * A new id. Ids are not secrets, so the fast (non-cryptographic) random source is used: the
   * secure one cost an eighth of the gateway's CPU.
   */
  public static String next() {
    return UuidCreator.getTimeOrderedEpochFast().toString();
  }
}
