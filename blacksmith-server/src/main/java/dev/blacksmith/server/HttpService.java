package dev.blacksmith.server;

import dev.blacksmith.engine.Blacksmith;
import dev.blacksmith.engine.ServiceKind;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One Javalin server of a Blacksmith process, with what every service shares. */
final class HttpService {

  private static final Logger LOG = LoggerFactory.getLogger(HttpService.class);

  private static final Duration SHUTDOWN_IDLE_TIMEOUT = Duration.ofMillis(100);

  private HttpService() {}

  /**
   * Starts a server on {@code host}:{@code port} (0 picks a free port) answering {@code GET
   * /_health} and the routes {@code routes} adds. Stopping it stops accepting connections, then
   * waits up to {@code drainTimeout} for requests in flight.
   */
  static Javalin start(
      BooleanSupplier healthy,
      ServiceKind kind,
      String host,
      int port,
      Duration drainTimeout,
      Consumer<RoutesConfig> routes) {
    Javalin app =
        Javalin.create(config -> {
          config.concurrency.useVirtualThreads = true;
          config.startup.showJavalinBanner = false;
          config.startup.showOldJavalinVersionWarning = false;
          config.startup.startupWatcherEnabled = false;
          config.http.prefer405over404 = true;
          config.jetty.modifyServer(server -> {
            // A stop timeout makes Jetty's stop graceful: connectors stop accepting and requests
            // in flight get up to the timeout to finish; the GracefulHandler answers 503 to
            // requests arriving meanwhile on kept-alive connections.
            server.insertHandler(new GracefulHandler());
            server.setStopTimeout(drainTimeout.toMillis());
          });
          config.routes.exception(
              HttpResponseException.class, (e, ctx) -> Answers.error(ctx, e.getStatus()));
          config.routes.exception(
              ApiException.class,
              (e, ctx) -> Answers.error(ctx, e.status(), e.getMessage(), e.validations()));
          config.routes.exception(
              Exception.class,
              (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                Answers.error(ctx, 500);
              });
          config.routes.get("/_health", ctx -> health(ctx, healthy, kind));
          routes.accept(config.routes);
        });
    app.start(host, port);
    for (Connector connector : app.jettyServer().server().getConnectors()) {
      if (connector instanceof AbstractConnector c) {
        // At stop, idle kept-alive connections are closed after this long (Jetty's default is
        // 1 s); requests in flight are not idle and still get the whole drain timeout.
        c.setShutdownIdleTimeout(SHUTDOWN_IDLE_TIMEOUT.toMillis());
      }
    }
    return app;
  }

  private static void health(Context ctx, BooleanSupplier isHealthy, ServiceKind kind) {
    boolean healthy;
    try {
      healthy = isHealthy.getAsBoolean();
    } catch (RuntimeException e) {
      LOG.warn("health check of the {} failed", kind.value(), e);
      healthy = false;
    }
    int status = healthy ? 200 : 503;
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("service", kind.value());
    data.put("version", Blacksmith.VERSION);
    Map<String, Object> body = Answers.envelope(status, healthy ? "OK" : Answers.reason(503));
    body.put("data", data);
    Answers.send(ctx, status, body);
  }
}
