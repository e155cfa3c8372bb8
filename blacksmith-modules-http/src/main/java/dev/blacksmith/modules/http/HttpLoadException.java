package dev.blacksmith.modules.http;

import dev.blacksmith.destination.ErrorDetails;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Why jobs were not loaded by an HTTP destination: the endpoint answered with a status that is not
 * a success, no answer came (refused, reset, timed out), or the jobs were not sent because an
 * earlier request of the same load showed sending more was pointless. The message says all of it in
 * one line, as the job's stored error shows it, for example {@code HTTP 503 from POST
 * https://hooks.example.com (Retry-After: 30s); response: {"error":"busy"}}.
 */
public final class HttpLoadException extends Exception implements ErrorDetails {

  private static final long serialVersionUID = 1L;

  private final @Nullable Integer status;
  private final @Nullable String retryAfter;
  private final String responseExcerpt;

  HttpLoadException(
      String message,
      @Nullable Integer status,
      @Nullable String retryAfter,
      String responseExcerpt,
      @Nullable Throwable cause) {
    // The message carries everything; a stack trace of the scheduler's worker would add nothing.
    super(message, cause, false, false);
    this.status = status;
    this.retryAfter = retryAfter;
    this.responseExcerpt = responseExcerpt;
  }

  /** A failure without any answer from the endpoint. */
  static HttpLoadException noAnswer(String message, @Nullable Throwable cause) {
    return new HttpLoadException(message, null, null, "", cause);
  }

  /** The status the endpoint answered, if it answered. */
  public OptionalInt status() {
    return status == null ? OptionalInt.empty() : OptionalInt.of(status);
  }

  /** The endpoint's {@code Retry-After} header, as it sent it, if it sent one. */
  public Optional<String> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** The start of the response body (bounded by {@code response_excerpt_bytes}); empty if none. */
  public String responseExcerpt() {
    return responseExcerpt;
  }

  /**
   * {@code status}, {@code retry_after} and {@code response}, those known, for the stored error.
   */
  @Override
  public Map<String, Object> details() {
    Map<String, Object> details = new LinkedHashMap<>();
    if (status != null) {
      details.put("status", status);
    }
    if (retryAfter != null) {
      details.put("retry_after", retryAfter);
    }
    if (!responseExcerpt.isEmpty()) {
      details.put("response", responseExcerpt);
    }
    return details;
  }
}
