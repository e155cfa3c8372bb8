package dev.blacksmith.server;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Credentials of the HTTP services: the admin token ({@code Authorization: Bearer}) and the keys of
 * a source's triggers (Bearer, or the user name of HTTP basic as Segment's clients send write
 * keys). Comparisons take the same time whatever the presented value.
 */
final class Access {

  /** The challenge sent with every 401. */
  static final String CHALLENGE = "Bearer realm=\"blacksmith\", Basic realm=\"blacksmith\"";

  private static final SecureRandom RANDOM = new SecureRandom();

  private Access() {}

  /** A fresh random token: 32 bytes, URL-safe Base64 without padding. */
  static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Whether the request carries {@code Authorization: Bearer <token>}. */
  static boolean hasBearer(Context ctx, String token) {
    String presented = bearer(ctx.header("Authorization"));
    return presented != null && matchesAny(presented, List.of(token));
  }

  /** Whether the request carries one of {@code keys}, as a bearer token or a basic user name. */
  static boolean hasKey(Context ctx, List<String> keys) {
    String header = ctx.header("Authorization");
    String presented = bearer(header);
    if (presented == null) {
      presented = basicUser(header);
    }
    return presented != null && matchesAny(presented, keys);
  }

  /** Answers 401 with the error shape and a challenge, and nothing else. */
  static void unauthorized(Context ctx) {
    ctx.header("WWW-Authenticate", CHALLENGE);
    Answers.error(ctx, 401);
  }

  static @Nullable String bearer(@Nullable String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  static @Nullable String basicUser(@Nullable String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    String user = colon < 0 ? decoded : decoded.substring(0, colon);
    return user.isEmpty() ? null : user;
  }

  /**
   * Compares digests, so neither the length nor a common prefix of the secret shows in the time
   * taken; every key is compared, a match or not.
   */
  static boolean matchesAny(String presented, List<String> secrets) {
    byte[] p = sha256(presented);
    boolean match = false;
    for (String secret : secrets) {
      match |= MessageDigest.isEqual(p, sha256(secret));
    }
    return match;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Whether {@code path} is the admin API or under it. */
  static boolean isAdminPath(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    return p.equals("/admin") || p.startsWith("/admin/");
  }
}
