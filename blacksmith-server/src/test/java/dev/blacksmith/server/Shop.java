package dev.blacksmith.server;

import dev.blacksmith.destination.Actions;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.ExtractException;
import dev.blacksmith.source.HttpRequest;
import dev.blacksmith.source.HttpTrigger;
import dev.blacksmith.source.Options;
import dev.blacksmith.source.Route;
import dev.blacksmith.source.Source;
import dev.blacksmith.source.Toolkit;
import dev.blacksmith.source.Trigger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The test source, versioned {@code v1} (default) and {@code v2}, with three HTTP triggers:
 *
 * <ul>
 *   <li>{@code orders}: {@code POST|PUT /shop/{tenant}/orders}, showing meta and data; requires
 *       {@code id}; {@code "skip": true} extracts no event; {@code "boom": true} fails the extract,
 *       {@code "broken": true} adds an action whose marshal fails; the context carries the tenant,
 *       {@code ?ref=} and {@code X-Request-Id}; jobs for {@code warehouse/notify} and {@code
 *       warehouse/export}.
 *   <li>{@code quiet}: {@code POST /shop/quiet}, showing neither; version {@code v2}; jobs for
 *       {@code notify} and {@code archive}.
 *   <li>{@code slow}: {@code POST /shop/slow}, which waits for {@link #release} before extracting.
 * </ul>
 */
final class Shop implements Source {

  static final String NAME = "shop";

  /** Whether the last {@code orders} extract ran on a virtual thread (the HTTP handler's). */
  volatile boolean lastExtractOnVirtualThread;

  final CountDownLatch slowEntered = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Options options() {
    return Options.builder().version("v1").version("v2").defaultVersion("v1").build();
  }

  @Override
  public Map<String, Trigger> triggers() {
    Map<String, Trigger> triggers = new LinkedHashMap<>();
    triggers.put("orders", new Orders());
    triggers.put("quiet", new Quiet());
    triggers.put("slow", new Slow());
    return triggers;
  }

  private final class Orders implements HttpTrigger {
    @Override
    public String name() {
      return "orders";
    }

    @Override
    public Route route() {
      return new Route(List.of("POST", "PUT"), "/shop/{tenant}/orders", true, true);
    }

    @Override
    public @Nullable Event extract(Toolkit toolkit, HttpRequest request) throws Exception {
      lastExtractOnVirtualThread = Thread.currentThread().isVirtual();
      JsonNode body = request.json();
      if (body.path("skip").asBoolean(false)) {
        return null;
      }
      if (!body.hasNonNull("id")) {
        throw ExtractException.badRequest("id is required", "body", "id");
      }
      if (body.path("boom").asBoolean(false)) {
        throw new IllegalStateException("secret connection string leaked");
      }
      Map<String, @Nullable String> context = new LinkedHashMap<>();
      context.put("tenant", request.pathParams().get("tenant"));
      List<String> ref = request.query().getOrDefault("ref", List.of());
      context.put("ref", ref.isEmpty() ? null : ref.get(0));
      context.put("request_id", request.header("x-request-id"));
      context.put("method", request.method());
      Actions.Builder actions =
          Actions.builder()
              .add(Warehouse.NAME, new Warehouse.Notify(body), new Warehouse.Export(body));
      if (body.path("broken").asBoolean(false)) {
        actions.add(Warehouse.NAME, new Warehouse.Broken());
      }
      return Event.builder().context(context).data(body).actions(actions.build()).build();
    }
  }

  private static final class Quiet implements HttpTrigger {
    @Override
    public String name() {
      return "quiet";
    }

    @Override
    public Route route() {
      return new Route(List.of("POST"), "/shop/quiet", false, false);
    }

    @Override
    public Event extract(Toolkit toolkit, HttpRequest request) throws Exception {
      JsonNode body = request.json();
      return Event.builder()
          .version("v2")
          .data(body)
          .actions(
              Actions.of(Warehouse.NAME, new Warehouse.Notify(body), new Warehouse.Archive(body)))
          .build();
    }
  }

  private final class Slow implements HttpTrigger {
    @Override
    public String name() {
      return "slow";
    }

    @Override
    public Route route() {
      return Route.post("/shop/slow");
    }

    @Override
    public Event extract(Toolkit toolkit, HttpRequest request) throws Exception {
      slowEntered.countDown();
      if (!release.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never released the slow request");
      }
      return Event.builder()
          .data(request.json())
          .actions(Actions.of(Warehouse.NAME, new Warehouse.Archive(request.json())))
          .build();
    }
  }
}
