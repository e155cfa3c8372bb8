/**
 * The HTTP services of a Blacksmith process: the gateway (the routes of HTTP triggers), the
 * scheduler's service, {@code GET /_health} on both, and the read-only admin API of the store under
 * {@code /admin/api}. Start them with {@link dev.blacksmith.server.BlacksmithServer#start};
 * everything else in this package is internal.
 */
package dev.blacksmith.server;
