package dev.blacksmith.modules.sqlike;

import java.util.regex.Pattern;

/** Removes secrets from what is logged or reported. */
final class Redact {

  private static final Pattern PASSWORD_OPTION = Pattern.compile("(?i)(password=)[^&;]*");
  private static final Pattern USER_INFO = Pattern.compile("//([^/@:]*):[^/@]*@");

  private Redact() {}

  /** {@code url} with any password (URL option or user info) replaced by {@code ***}. */
  static String url(String url) {
    String out = PASSWORD_OPTION.matcher(url).replaceAll("$1***");
    return USER_INFO.matcher(out).replaceAll("//$1:***@");
  }
}
