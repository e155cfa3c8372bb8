package dev.blacksmith.testkit.authoring;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * An SLF4J logger that keeps every line in memory, for the toolkits handed to the code under test.
 * All levels are enabled. Safe to use from several threads.
 */
public final class RecordingLogger extends LegacyAbstractLogger {

  private static final long serialVersionUID = 1L;

  /**
   * One logged line.
   *
   * @param level its level
   * @param message the message with its arguments filled in
   * @param error the throwable logged with it, if any
   */
  public record Entry(Level level, String message, @Nullable Throwable error) {}

  private final transient List<Entry> entries = new CopyOnWriteArrayList<>();

  /** A logger named {@code blacksmith.test}. */
  public RecordingLogger() {
    this("blacksmith.test");
  }

  /** A logger named {@code name}. */
  public RecordingLogger(String name) {
    this.name = name;
  }

  /** Every line logged so far, oldest first. */
  public List<Entry> entries() {
    return List.copyOf(entries);
  }

  /** The messages logged so far, oldest first. */
  public List<String> messages() {
    return entries.stream().map(Entry::message).toList();
  }

  /** The messages logged at {@code level} so far, oldest first. */
  public List<String> messages(Level level) {
    List<String> messages = new ArrayList<>();
    for (Entry entry : entries) {
      if (entry.level() == level) {
        messages.add(entry.message());
      }
    }
    return messages;
  }

  /** Forgets every line logged so far. */
  public void clear() {
    entries.clear();
  }

  @Override
  public boolean isTraceEnabled() {
    return true;
  }

  @Override
  public boolean isDebugEnabled() {
    return true;
  }

  @Override
  public boolean isInfoEnabled() {
    return true;
  }

  @Override
  public boolean isWarnEnabled() {
    return true;
  }

  @Override
  public boolean isErrorEnabled() {
    return true;
  }

  @Override
  protected @Nullable String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level,
      @Nullable Marker marker,
      @Nullable String messagePattern,
      Object @Nullable [] arguments,
      @Nullable Throwable throwable) {
    String message = MessageFormatter.basicArrayFormat(messagePattern, arguments);
    entries.add(new Entry(level, message == null ? "null" : message, throwable));
  }
}
