package dev.blacksmith.server;

import dev.blacksmith.engine.Blacksmith;
import dev.blacksmith.engine.Options;
import dev.blacksmith.engine.ServiceKind;
import dev.blacksmith.spi.wanderer.Wanderer;
import io.javalin.Javalin;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP services of a started {@link Blacksmith}: the gateway (every HTTP trigger's route) and
 * the scheduler's service, each with {@code GET /_health}, and the admin API under {@code
 * /admin/api} with the operator's web dashboard at {@code /admin/} on the scheduler's service, or
 * on the gateway's when the process runs only the gateway.
 *
 * <ol>
 *   <li>{@link #start(Blacksmith)} binds the services the process runs, on {@link Options#host()}
 *       and {@link Options#gatewayPort()} / {@link Options#schedulerPort()} (0 picks a free port).
 *   <li>{@link #close()} stops accepting HTTP requests, lets requests in flight finish (up to
 *       {@link Options#shutdownTimeout()}), then closes the {@link Blacksmith} gracefully.
 * </ol>
 *
 * Access: everything under {@code /admin} and {@code /metrics} requires {@code Authorization:
 * Bearer} with {@link #adminToken()} ({@code /metrics} not when {@link Options#metricsPublic()}),
 * except the dashboard's static files, which hold no data: the page asks for the token and sends it
 * with every call to the admin API; triggers of a source with {@link Options#sourceKeys() keys}
 * require one of them; wrong or missing credentials get 401. {@code GET /metrics} (Prometheus text)
 * is on both services. CORS follows {@link Options#adminCorsOrigins()} and {@link
 * Options#gatewayCorsOrigins()}.
 *
 * <p>Handlers run on virtual threads; the gateway answers a trigger's request once its event is
 * committed.
 */
public final class BlacksmithServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BlacksmithServer.class);

  private final Blacksmith blacksmith;
  private final @Nullable Javalin gateway;
  private final @Nullable Javalin scheduler;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final String adminToken;
  private final Stats stats;

  private BlacksmithServer(
      Blacksmith blacksmith,
      @Nullable Javalin gateway,
      @Nullable Javalin scheduler,
      String adminToken,
      Stats stats) {
    this.blacksmith = blacksmith;
    this.adminToken = adminToken;
    this.gateway = gateway;
    this.scheduler = scheduler;
    this.stats = stats;
  }

  /**
   * Starts the HTTP services of {@code blacksmith}, which must be started already.
   *
   * @throws RuntimeException when a service cannot bind its port; what was started is stopped, and
   *     {@code blacksmith} is left to the caller to close
   */
  public static BlacksmithServer start(Blacksmith blacksmith) {
    return start(blacksmith, null);
  }

  /**
   * Starts the HTTP services of {@code blacksmith}, which must be started already, with the admin
   * API's migration routes over {@code wanderer} (left to the caller to close).
   *
   * @throws RuntimeException when a service cannot bind its port; what was started is stopped, and
   *     {@code blacksmith} is left to the caller to close
   */
  public static BlacksmithServer start(Blacksmith blacksmith, @Nullable Wanderer wanderer) {
    Options options = blacksmith.options();
    boolean runsGateway = options.runs(ServiceKind.GATEWAY);
    boolean runsScheduler = options.runs(ServiceKind.SCHEDULER);
    String token = options.adminToken();
    if (token == null) {
      token = Access.randomToken();
      // Printed so an operator can use the admin API of a process started without a token.
      LOG.warn(
          "no admin token configured (BLACKSMITH_ADMIN_TOKEN): the admin API, the dashboard and"
              + " /metrics take this one for this run: {}",
          token);
    }
    Security security = Security.of(options, token);
    MeterRegistry registry = blacksmith.internals().metrics().registry();
    Stats stats = Stats.of(options.clock(), blacksmith::store, blacksmith.internals().counters());
    Javalin gateway = null;
    Javalin scheduler = null;
    try {
      if (runsGateway) {
        gateway =
            HttpService.start(
                blacksmith::isHealthy,
                ServiceKind.GATEWAY,
                options.host(),
                options.gatewayPort(),
                options.shutdownTimeout(),
                routes -> {
                  Guard.mount(routes, security, !runsScheduler, registry);
                  GatewayRoutes.mount(
                      routes, blacksmith.gateway(), options.maxBodyBytes(), security);
                  if (!runsScheduler) {
                    AdminRoutes.mount(routes, blacksmith, stats, wanderer);
                    Dashboard.mount(routes);
                  }
                });
        LOG.info("gateway listening on {}:{}", options.host(), gateway.port());
        if (!runsScheduler) {
          logDashboard(options, gateway);
        }
      }
      if (runsScheduler) {
        scheduler =
            HttpService.start(
                blacksmith::isHealthy,
                ServiceKind.SCHEDULER,
                options.host(),
                options.schedulerPort(),
                options.shutdownTimeout(),
                routes -> {
                  Guard.mount(routes, security, true, registry);
                  AdminRoutes.mount(routes, blacksmith, stats, wanderer);
                  Dashboard.mount(routes);
                });
        LOG.info("scheduler listening on {}:{}", options.host(), scheduler.port());
        logDashboard(options, scheduler);
      }
    } catch (RuntimeException e) {
      stop(gateway);
      stop(scheduler);
      throw e;
    }
    stats.start();
    return new BlacksmithServer(blacksmith, gateway, scheduler, token, stats);
  }

  private static void logDashboard(Options options, Javalin admin) {
    LOG.info(
        "dashboard and admin API on http://{}:{}/admin/ (admin token required)",
        options.host(),
        admin.port());
  }

  /**
   * The token the admin API and {@code /metrics} require: {@link Options#adminToken()}, or the one
   * generated at start when none was set.
   */
  public String adminToken() {
    return adminToken;
  }

  /** The port the gateway listens on, or -1 when this process does not run it or is closed. */
  public int gatewayPort() {
    return port(gateway);
  }

  /** The port the scheduler's service listens on, or -1 when not running or closed. */
  public int schedulerPort() {
    return port(scheduler);
  }

  /**
   * The port of the service hosting the admin API and the dashboard ({@code /admin/}): the
   * scheduler's, or the gateway's when this process runs only the gateway; -1 once closed.
   */
  public int adminPort() {
    return scheduler != null ? port(scheduler) : port(gateway);
  }

  /** The dashboard's statistics, for tests that take samples at moments of their choosing. */
  Stats stats() {
    return stats;
  }

  private int port(@Nullable Javalin app) {
    return app == null || closed.get() ? -1 : app.port();
  }

  /**
   * Stops accepting HTTP requests and waits for those in flight (the gateway first, so no event
   * arrives while the scheduler drains), then closes the {@link Blacksmith}. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      stop(gateway);
      stop(scheduler);
      stats.close();
    } finally {
      blacksmith.close();
    }
  }

  private static void stop(@Nullable Javalin app) {
    if (app == null) {
      return;
    }
    try {
      app.stop();
    } catch (RuntimeException e) {
      LOG.warn("HTTP service did not stop cleanly", e);
    }
  }
}
