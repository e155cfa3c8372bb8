package dev.blacksmith.engine.internal;

import dev.blacksmith.engine.Accepted;
import dev.blacksmith.engine.Gateway;
import dev.blacksmith.engine.HttpEndpoint;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.ExtractException;
import dev.blacksmith.source.HttpRequest;
import dev.blacksmith.source.HttpTrigger;
import dev.blacksmith.source.Source;
import dev.blacksmith.source.Toolkit;
import dev.blacksmith.source.Trigger;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.MDC;

/** The gateway: extract, marshal, then group-commit through the writer. */
final class DefaultGateway implements Gateway {

  private final Registry registry;
  private final EventBuilder builder;
  private final GroupCommitWriter writer;
  private final Clock clock;
  private final Logger logger;
  private final Toolkit toolkit;
  private final EngineCounters counters;

  DefaultGateway(
      Registry registry,
      EventBuilder builder,
      GroupCommitWriter writer,
      Clock clock,
      Logger logger,
      Toolkit toolkit,
      EngineCounters counters) {
    this.registry = registry;
    this.builder = builder;
    this.writer = writer;
    this.clock = clock;
    this.logger = logger;
    this.toolkit = toolkit;
    this.counters = counters;
  }

  @Override
  public List<HttpEndpoint> endpoints() {
    return registry.endpoints();
  }

  @Override
  public CompletableFuture<Accepted> handle(HttpEndpoint endpoint, HttpRequest request) {
    Instant receivedAt = clock.instant();
    Source source = registry.sources().get(endpoint.source());
    Trigger trigger = source == null ? null : source.triggers().get(endpoint.trigger());
    if (!(trigger instanceof HttpTrigger http)) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException(
              "no HTTP trigger " + endpoint.source() + "/" + endpoint.trigger()));
    }
    Event event;
    try (MDC.MDCCloseable s = MDC.putCloseable(LogFields.SOURCE, source.name());
        MDC.MDCCloseable t = MDC.putCloseable(LogFields.TRIGGER, trigger.name())) {
      event = http.extract(toolkit, request);
    } catch (ExtractException e) {
      counters.eventsRefused.increment();
      return CompletableFuture.failedFuture(e);
    } catch (Exception | LinkageError e) {
      counters.triggerErrors.increment();
      logger.error(
          "trigger {}/{} failed to extract: {}", source.name(), trigger.name(), e.getMessage(), e);
      return CompletableFuture.failedFuture(e);
    }
    if (event == null) {
      return CompletableFuture.completedFuture(Accepted.nothing());
    }
    return commit(source, trigger.name(), event, receivedAt);
  }

  @Override
  public CompletableFuture<Accepted> ingest(String sourceName, String triggerName, Event event) {
    Source source = registry.sources().get(sourceName);
    if (source == null || !source.triggers().containsKey(triggerName)) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("no trigger " + sourceName + "/" + triggerName));
    }
    return commit(source, triggerName, event, clock.instant());
  }

  private CompletableFuture<Accepted> commit(
      Source source, String trigger, Event event, Instant receivedAt) {
    try {
      EventBuilder.Built built = builder.build(source, trigger, event, receivedAt);
      CompletableFuture<Void> committed = writer.submit(built.events());
      counters.eventsReceived.add(built.events().size());
      counters.jobsCreated.add(built.jobCount());
      return committed.thenApply(v -> built.accepted());
    } catch (ExtractException e) {
      counters.eventsRefused.increment();
      return CompletableFuture.failedFuture(e);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
