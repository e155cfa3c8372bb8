package dev.blacksmith.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The templates of {@code blacksmith generate}, resources under {@code
 * dev/blacksmith/cli/templates}, and their small syntax:
 *
 * <ul>
 *   <li>{@code {{key}}} is replaced by the value of {@code key}; an unknown key is an error.
 *   <li>{@code {{#flag}}...{{/flag}}} is kept when {@code flag} is on, {@code
 *       {{^flag}}...{{/flag}}} when it is off. A tag alone on its line takes the whole line with
 *       it.
 * </ul>
 */
final class Templates {

  private static final String ROOT = "/dev/blacksmith/cli/templates/";
  private static final Pattern STANDALONE_TAG =
      Pattern.compile("(?m)^[ \\t]*(\\{\\{[#^/]\\w+}})[ \\t]*\\n");
  private static final Pattern SECTION =
      Pattern.compile("\\{\\{([#^])(\\w+)}}(.*?)\\{\\{/\\2}}", Pattern.DOTALL);
  private static final Pattern VALUE = Pattern.compile("\\{\\{(\\w+)}}");

  private Templates() {}

  /** The text of template {@code name}, such as {@code "action/Action.java"}. */
  static String load(String name) {
    try (InputStream in = Templates.class.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new IllegalStateException("template " + name + " is missing from the CLI jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read template " + name, e);
    }
  }

  /** Template {@code name} rendered with {@code values} and the sections of {@code flags} on. */
  static String render(String name, Map<String, String> values, Set<String> flags) {
    return render(name, load(name), values, flags);
  }

  static String render(
      String name, String template, Map<String, String> values, Set<String> flags) {
    String text =
        STANDALONE_TAG.matcher(template).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
    // Innermost sections first: a section holds no tag of its own name, so repeat until none is
    // left.
    Matcher section = SECTION.matcher(text);
    while (section.find()) {
      boolean on = flags.contains(section.group(2));
      boolean keep = section.group(1).equals("#") == on;
      text =
          text.substring(0, section.start())
              + (keep ? section.group(3) : "")
              + text.substring(section.end());
      section = SECTION.matcher(text);
    }
    Matcher value = VALUE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (value.find()) {
      String replacement = values.get(value.group(1));
      if (replacement == null) {
        throw new IllegalStateException(
            "template " + name + " uses {{" + value.group(1) + "}}, which has no value");
      }
      value.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    value.appendTail(out);
    if (out.indexOf("{{") >= 0) {
      throw new IllegalStateException("template " + name + " has an unclosed or unknown tag");
    }
    return out.toString();
  }
}
