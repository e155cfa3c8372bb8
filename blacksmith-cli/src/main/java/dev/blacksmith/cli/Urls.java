package dev.blacksmith.cli;

import java.util.regex.Pattern;

/** Adapter URLs made safe for logs: passwords and tokens are masked. */
final class Urls {

  private static final Pattern USER_INFO = Pattern.compile("(//[^/?#@:]*):[^/?#@]*@");
  private static final Pattern SECRET_PARAM =
      Pattern.compile("(?i)([?&;](?:password|passwd|pwd|secret|token|api[_-]?key)=)[^&;#]*");

  private Urls() {}

  /** {@code url} with any password in its user info or query masked as {@code ***}. */
  static String redact(String url) {
    String masked = USER_INFO.matcher(url).replaceAll("$1:***@");
    return SECRET_PARAM.matcher(masked).replaceAll("$1***");
  }
}
