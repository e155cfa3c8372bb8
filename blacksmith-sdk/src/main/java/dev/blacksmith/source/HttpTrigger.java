package dev.blacksmith.source;

import org.jspecify.annotations.Nullable;

/**
 * A trigger answering an HTTP route of the gateway. The gateway answers {@code 202 Accepted} once
 * the event and its jobs are committed; an {@link ExtractException} becomes a JSON error answer and
 * nothing is stored.
 */
public non-sealed interface HttpTrigger extends Trigger {

  @Override
  default Mode mode() {
    return Mode.HTTP;
  }

  /** The route this trigger answers. */
  Route route();

  /**
   * Turns a request into an event, or {@code null} to accept the request and store nothing.
   *
   * @throws ExtractException for bad input: the client gets its status, message and validations
   * @throws Exception anything else: the client gets a 500 and nothing is stored
   */
  @Nullable Event extract(Toolkit toolkit, HttpRequest request) throws Exception;
}
