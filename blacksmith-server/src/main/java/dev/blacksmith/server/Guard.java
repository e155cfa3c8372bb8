package dev.blacksmith.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What every service puts in front of its routes: the admin token on {@code /admin} (when the
 * service hosts the admin API) and on {@code /metrics} (unless public), the admin API's CORS
 * headers and preflights, and {@code GET /metrics}. {@code /_health} and the dashboard's static
 * files ({@link Dashboard#isShell}), which carry no data, stay open.
 */
final class Guard {

  private final Security security;
  private final boolean hostsAdmin;

  private Guard(Security security, boolean hostsAdmin) {
    this.security = security;
    this.hostsAdmin = hostsAdmin;
  }

  static void mount(
      RoutesConfig routes, Security security, boolean hostsAdmin, MeterRegistry registry) {
    Guard guard = new Guard(security, hostsAdmin);
    routes.before(guard::check);
    routes.get(MetricsRoute.PATH, ctx -> MetricsRoute.answer(ctx, registry));
    if (hostsAdmin) {
      routes.options("/admin", ctx -> security.adminCors().preflight(ctx));
      routes.options("/admin/*", ctx -> security.adminCors().preflight(ctx));
    }
  }

  private void check(Context ctx) {
    String path = ctx.path();
    boolean admin = hostsAdmin && Access.isAdminPath(path);
    boolean metrics = path.equals(MetricsRoute.PATH) && !security.metricsPublic();
    if (admin) {
      security.adminCors().apply(ctx);
    }
    // Browsers send preflights without credentials; they are answered by their own routes.
    if ("OPTIONS".equals(ctx.method().name())) {
      return;
    }
    if (admin && Dashboard.isShell(ctx.method().name(), path)) {
      return;
    }
    if ((admin || metrics) && !Access.hasBearer(ctx, security.adminToken())) {
      Access.unauthorized(ctx);
      ctx.skipRemainingHandlers();
    }
  }
}
