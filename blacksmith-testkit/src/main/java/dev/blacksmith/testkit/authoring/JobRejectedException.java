package dev.blacksmith.testkit.authoring;

/**
 * The platform would create no job from what {@code marshal} returned: no job at all, data or
 * context that is not valid JSON, or a version the destination does not declare. The gateway would
 * report this message in its answer and store no job for that action.
 */
public final class JobRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  JobRejectedException(String message) {
    super(message);
  }
}
