package dev.blacksmith.modules.segment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The write keys a source accepts. Keys are compared as SHA-256 digests, every one of them each
 * time, so neither a key's length nor a matching prefix shows in the time an answer takes.
 */
final class WriteKeys {

  private final List<byte[]> digests;

  WriteKeys(List<String> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("at least one write key is required");
    }
    this.digests = keys.stream().map(WriteKeys::sha256).toList();
  }

  int size() {
    return digests.size();
  }

  boolean accepts(String presented) {
    byte[] p = sha256(presented);
    boolean match = false;
    for (byte[] digest : digests) {
      match |= MessageDigest.isEqual(p, digest);
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
}
