package dev.blacksmith.testkit.authoring;

import dev.blacksmith.source.Event;
import dev.blacksmith.source.Notifier;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Notifier} for testing a {@link dev.blacksmith.source.CdcTrigger}: it keeps what the
 * trigger emits and reports, and asks the trigger to stop when the test says so, or once it has
 * emitted a given number of events. Safe to use from several threads.
 */
public final class RecordingNotifier implements Notifier {

  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private final AtomicBoolean shuttingDown = new AtomicBoolean();
  private final AtomicInteger stopAfter = new AtomicInteger(Integer.MAX_VALUE);

  /** A notifier that never asks the trigger to stop by itself. */
  public RecordingNotifier() {}

  /** A notifier that asks the trigger to stop once it has emitted {@code events} events. */
  public static RecordingNotifier stoppingAfter(int events) {
    if (events < 1) {
      throw new IllegalArgumentException("stop after at least one event, was " + events);
    }
    RecordingNotifier notifier = new RecordingNotifier();
    notifier.stopAfter.set(events);
    return notifier;
  }

  /** Keeps {@code event} as committed. */
  @Override
  public void emit(Event event) {
    if (shuttingDown.get()) {
      throw new IllegalStateException("the trigger emitted an event after it was asked to stop");
    }
    events.add(event);
    if (events.size() >= stopAfter.get()) {
      shuttingDown.set(true);
    }
  }

  @Override
  public void error(Throwable error) {
    errors.add(error);
  }

  @Override
  public boolean isShuttingDown() {
    return shuttingDown.get();
  }

  /** Asks the trigger to stop, as the platform does when the gateway stops. */
  public void shutDown() {
    shuttingDown.set(true);
  }

  /** The events emitted so far, oldest first. */
  public List<Event> events() {
    return List.copyOf(events);
  }

  /** The errors reported so far, oldest first. */
  public List<Throwable> errors() {
    return List.copyOf(errors);
  }
}
