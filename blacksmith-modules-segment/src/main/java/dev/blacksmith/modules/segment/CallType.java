package dev.blacksmith.modules.segment;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The six calls of the Segment spec, each with its endpoint {@code /v1/<value>}. */
public enum CallType {
  /** Who the user is, with their traits. */
  IDENTIFY,
  /** An action the user performed, named by {@code event}, with its properties. */
  TRACK,
  /** A web page the user viewed. */
  PAGE,
  /** A mobile screen the user viewed. */
  SCREEN,
  /** The group (account, company) a user belongs to, named by {@code groupId}. */
  GROUP,
  /** Merges two identities: {@code previousId} becomes {@code userId}. */
  ALIAS;

  /** The name used in payloads ({@code "type"}) and endpoints, such as {@code "track"}. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The call type named {@code value} in any case, such as {@code "track"} or {@code "Track"}. */
  public static Optional<CallType> find(String value) {
    return Arrays.stream(values())
        .filter(t -> t.value().equalsIgnoreCase(value.trim()))
        .findFirst();
  }

  /**
   * The call type named {@code value}, in any case.
   *
   * @throws IllegalArgumentException naming the accepted values when there is none
   */
  public static CallType of(String value) {
    return find(value)
        .orElseThrow(() ->
            new IllegalArgumentException(
                "unknown Segment call type '" + value + "', expected one of " + valuesText()));
  }

  /** {@code track, identify, ...}, for error messages. */
  static String valuesText() {
    return String.join(", ", Arrays.stream(values()).map(CallType::value).toList());
  }
}
