package dev.blacksmith.server;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.jspecify.annotations.Nullable;

/** {@code GET /metrics}: the engine's meters in the Prometheus text format. */
final class MetricsRoute {

  static final String PATH = "/metrics";
  private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private MetricsRoute() {}

  static void answer(Context ctx, MeterRegistry registry) {
    PrometheusMeterRegistry prometheus = prometheus(registry);
    if (prometheus == null) {
      Answers.error(
          ctx,
          404,
          "metrics go to a registry that is not Prometheus: scrape them there",
          java.util.List.of());
      return;
    }
    ctx.status(200).contentType(TEXT).result(prometheus.scrape());
  }

  /** The Prometheus registry itself, or the first one inside a composite. */
  static @Nullable PrometheusMeterRegistry prometheus(MeterRegistry registry) {
    if (registry instanceof PrometheusMeterRegistry p) {
      return p;
    }
    if (registry instanceof CompositeMeterRegistry c) {
      for (MeterRegistry r : c.getRegistries()) {
        PrometheusMeterRegistry p = prometheus(r);
        if (p != null) {
          return p;
        }
      }
    }
    return null;
  }
}
