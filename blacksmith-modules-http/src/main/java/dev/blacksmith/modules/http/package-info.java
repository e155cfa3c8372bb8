/**
 * The built-in HTTP destination: {@link dev.blacksmith.modules.http.HttpDestination} sends jobs to
 * webhooks and HTTP APIs as JSON, one request per job (action {@code send}) or batched as JSON
 * arrays (action {@code batch}), with the job id as idempotency key, retries or discards decided by
 * status code, and every wait bounded.
 *
 * <p>Configure it in Java with {@link dev.blacksmith.modules.http.HttpDestinationConfig#builder},
 * or without code from a YAML file or {@code BLACKSMITH_HTTP_*} environment variables ({@link
 * dev.blacksmith.modules.http.HttpDestination#fromEnvironment}). Invalid settings are {@link
 * dev.blacksmith.modules.http.HttpConfigException}s naming the setting; failed loads store an
 * {@link dev.blacksmith.modules.http.HttpLoadException}'s message with the status, {@code
 * Retry-After} and the start of the response body. Everything here is non-null unless documented
 * otherwise.
 */
package dev.blacksmith.modules.http;
