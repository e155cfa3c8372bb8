package dev.blacksmith.spi.supervisor;

import dev.blacksmith.supervisor.Service;
import java.time.Instant;

/**
 * A held lock.
 *
 * @param key such as {@code triggers/stripe/poll}
 * @param holder the instance holding it: id, name, version and address
 * @param acquiredAt when the holder acquired it (renewals keep this)
 * @param expiresAt when the lease ends unless renewed, on the backend's clock
 */
public record Lock(String key, Service holder, Instant acquiredAt, Instant expiresAt) {}
