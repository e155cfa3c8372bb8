package dev.blacksmith.pubsub;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/** A message from a broker topic: a body and string metadata (headers, key, ...). */
public final class Message {

  private final byte[] body;
  private final Map<String, String> metadata;

  public Message(byte[] body, Map<String, String> metadata) {
    this.body = body.clone();
    this.metadata = Map.copyOf(metadata);
  }

  /** A message whose body is {@code text} in UTF-8. */
  public static Message of(String text, Map<String, String> metadata) {
    return new Message(text.getBytes(StandardCharsets.UTF_8), metadata);
  }

  /** A copy of the body. */
  public byte[] body() {
    return body.clone();
  }

  /** The body read as UTF-8. */
  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public Map<String, String> metadata() {
    return metadata;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Message m && Arrays.equals(body, m.body) && metadata.equals(m.metadata);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(body) + metadata.hashCode();
  }

  @Override
  public String toString() {
    return "Message{" + body.length + " bytes, metadata=" + metadata + "}";
  }
}
