package dev.blacksmith.pubsub.nats;

import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Message metadata as NATS headers. Plain entries travel as they are, so other NATS clients can
 * read them; an entry NATS headers cannot carry exactly (non-ASCII, line breaks, edge spaces, an
 * empty value, a ':' in the key) or whose key is reserved ({@code Nats-*}, which the server acts
 * on) travels base64-encoded in {@value #ENCODED} headers instead.
 */
final class NatsHeaders {

  /** Holds encoded entries as {@code base64url(key) "." base64url(value)}. */
  static final String ENCODED = "Bs-Meta";

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private NatsHeaders() {}

  static @Nullable Headers encode(Map<String, String> metadata) {
    if (metadata.isEmpty()) {
      return null;
    }
    Headers h = new Headers();
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      if (plainKey(key) && plainValue(value)) {
        h.add(key, value);
      } else {
        h.add(ENCODED, encode(key) + "." + encode(value));
      }
    }
    return h;
  }

  static Map<String, String> decode(@Nullable Headers headers) {
    if (headers == null || headers.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new HashMap<>();
    for (String key : headers.keySet()) {
      if (reserved(key)) {
        if (key.equals(ENCODED)) {
          for (String v : headers.get(key)) {
            int dot = v.indexOf('.');
            try {
              if (dot >= 0) {
                out.put(decode(v.substring(0, dot)), decode(v.substring(dot + 1)));
              }
            } catch (IllegalArgumentException malformed) {
              // Not written by us: a foreign publisher's header is not worth a redelivery loop.
            }
          }
        }
        continue; // Nats-* headers belong to the server (Nats-Expected-Stream, ...).
      }
      List<String> values = headers.get(key);
      if (values != null && !values.isEmpty()) {
        out.put(key, values.get(values.size() - 1));
      }
    }
    return out;
  }

  private static boolean reserved(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.startsWith("nats-") || k.equals(ENCODED.toLowerCase(Locale.ROOT));
  }

  private static boolean plainKey(String key) {
    if (key.isEmpty() || reserved(key)) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 33 || c > 126 || c == ':') {
        return false;
      }
    }
    return true;
  }

  private static boolean plainValue(String value) {
    if (value.isEmpty() || value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' ') {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 32 || c > 126) {
        return false;
      }
    }
    return true;
  }

  private static String encode(String s) {
    return ENCODER.encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String s) {
    return new String(DECODER.decode(s), StandardCharsets.UTF_8);
  }
}
