package dev.blacksmith.destination;

/**
 * Where {@link Action#load} reports outcomes, the Java form of the original's {@code chan<- Then}.
 * Safe to call from several threads while {@code load} runs; calls after {@code load} returned are
 * refused with {@link IllegalStateException}.
 */
@FunctionalInterface
public interface ThenSink {

  /** Reports the outcome of some or all jobs of the queue being loaded. */
  void send(Then then);
}
