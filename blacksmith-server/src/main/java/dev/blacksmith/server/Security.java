package dev.blacksmith.server;

import dev.blacksmith.engine.Options;
import java.util.List;
import java.util.Map;

/** The access settings of a server: the admin token in effect, keys per source, CORS. */
record Security(
    String adminToken,
    boolean metricsPublic,
    Map<String, List<String>> sourceKeys,
    Cors adminCors,
    Cors gatewayCors) {

  static Security of(Options options, String adminToken) {
    return new Security(
        adminToken,
        options.metricsPublic(),
        options.sourceKeys(),
        new Cors(options.adminCorsOrigins()),
        new Cors(options.gatewayCorsOrigins()));
  }

  /** The keys a trigger of {@code source} requires; empty when it takes requests without one. */
  List<String> keysOf(String source) {
    return sourceKeys.getOrDefault(source, List.of());
  }
}
