package dev.blacksmith.engine.internal;

import java.util.concurrent.atomic.LongAdder;

/** Counters of what the engine did, read by metrics and tests. */
public final class EngineCounters {
  public final LongAdder eventsReceived = new LongAdder();
  public final LongAdder eventsRefused = new LongAdder();
  public final LongAdder jobsCreated = new LongAdder();
  public final LongAdder marshalErrors = new LongAdder();
  public final LongAdder jobsLoaded = new LongAdder();
  public final LongAdder jobsSucceeded = new LongAdder();
  public final LongAdder jobsFailed = new LongAdder();
  public final LongAdder jobsDiscarded = new LongAdder();
  public final LongAdder jobsUnknown = new LongAdder();
  public final LongAdder storeErrors = new LongAdder();
  public final LongAdder triggerErrors = new LongAdder();
  public final LongAdder brokerErrors = new LongAdder();
  public final LongAdder loadTimeouts = new LongAdder();
}
