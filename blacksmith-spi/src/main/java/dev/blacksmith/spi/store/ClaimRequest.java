package dev.blacksmith.spi.store;

import java.time.Instant;

/**
 * What {@link Store#claim} takes.
 *
 * @param destination the destination's name
 * @param action the action's name
 * @param owner the claiming instance's id, recorded as the lease owner
 * @param now the current time: jobs with {@code nextAt} or lease end up to it are claimable
 * @param leaseUntil when the lease of the claimed jobs expires
 * @param limit the most jobs to claim, at least 1
 */
public record ClaimRequest(
    String destination, String action, String owner, Instant now, Instant leaseUntil, int limit) {

  public ClaimRequest {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    if (!leaseUntil.isAfter(now)) {
      throw new IllegalArgumentException("leaseUntil must be after now");
    }
  }
}
