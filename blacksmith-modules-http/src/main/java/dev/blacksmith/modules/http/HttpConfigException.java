package dev.blacksmith.modules.http;

/**
 * An invalid setting of an HTTP destination. The message starts with the setting at fault: a YAML
 * path such as {@code destinations[1].timeouts.request}, an environment variable such as {@code
 * BLACKSMITH_HTTP_TIMEOUT}, or the key of a builder setting. Secret values (header values) are
 * never repeated in it.
 */
public final class HttpConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String key;
  private final String problem;

  public HttpConfigException(String key, String problem) {
    super(key + ": " + problem);
    this.key = key;
    this.problem = problem;
  }

  /** The setting at fault, such as {@code timeouts.request} or {@code BLACKSMITH_HTTP_TIMEOUT}. */
  public String key() {
    return key;
  }

  /** What is wrong with it, without the key. */
  public String problem() {
    return problem;
  }

  /** This problem, about {@code newKey} instead. */
  HttpConfigException at(String newKey) {
    HttpConfigException moved = new HttpConfigException(newKey, problem);
    moved.setStackTrace(getStackTrace());
    return moved;
  }
}
