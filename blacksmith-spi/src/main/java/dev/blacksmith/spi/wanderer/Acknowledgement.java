package dev.blacksmith.spi.wanderer;

import java.util.List;

/**
 * What {@link Wanderer#acknowledge} did.
 *
 * @param added the migrations it registered, each at {@code acknowledged}, in the order given
 * @param known the migrations it already knew, as they are now (refreshed when not applied), in the
 *     order given
 */
public record Acknowledgement(List<MigrationRecord> added, List<MigrationRecord> known) {
  public Acknowledgement {
    added = List.copyOf(added);
    known = List.copyOf(known);
  }
}
