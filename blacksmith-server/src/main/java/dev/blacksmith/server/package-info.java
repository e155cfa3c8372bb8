/**
 * The HTTP services of a Blacksmith process: the gateway (the routes of HTTP triggers), the
 * scheduler's service, {@code GET /_health} on both, the admin API under {@code /admin/api} (store,
 * operator actions, catalog, migrations, OpenAPI document) and the operator's web dashboard at
 * {@code /admin/}. Start them with {@link dev.blacksmith.server.BlacksmithServer#start}; everything
 * else in this package is internal.
 */
package dev.blacksmith.server;
