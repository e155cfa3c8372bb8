package dev.blacksmith.it;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where the ledger lives and how slow loads are.
 *
 * @param jdbcUrl the ledger database, such as {@code
 *     jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
 * @param schema the ledger's schema, a plain lowercase identifier
 * @param pause how long a load pauses between its ledger write and its report
 */
record LedgerSettings(String jdbcUrl, String schema, Duration pause) {

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  LedgerSettings {
    if (!IDENTIFIER.matcher(schema).matches()) {
      // The schema is written into SQL.
      throw new IllegalArgumentException("IT_LEDGER_SCHEMA must be a lowercase identifier");
    }
  }

  static LedgerSettings from(Map<String, String> env) {
    String url = env.get("IT_LEDGER_URL");
    String schema = env.get("IT_LEDGER_SCHEMA");
    if (url == null || schema == null) {
      throw new IllegalStateException("set IT_LEDGER_URL and IT_LEDGER_SCHEMA");
    }
    return new LedgerSettings(
        url, schema, Duration.ofMillis(Long.parseLong(env.getOrDefault("IT_LOAD_PAUSE_MS", "0"))));
  }
}
