package dev.blacksmith.server;

import io.javalin.http.Context;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Cross-origin access for one group of routes: the origins allowed (exact, or {@code *} when
 * configured so), the headers added to answers, and preflight requests. An empty list allows no
 * browser origin.
 */
record Cors(List<String> origins) {

  Cors {
    origins = List.copyOf(origins);
  }

  /** The {@code Access-Control-Allow-Origin} value for {@code origin}, or null when refused. */
  @Nullable String allowed(@Nullable String origin) {
    if (origin == null) {
      return null;
    }
    if (origins.contains("*")) {
      return "*";
    }
    return origins.contains(origin) ? origin : null;
  }

  /** Adds the headers of an actual (not preflight) cross-origin request. */
  void apply(Context ctx) {
    ctx.header("Vary", "Origin");
    String allow = allowed(ctx.header("Origin"));
    if (allow != null) {
      ctx.header("Access-Control-Allow-Origin", allow);
    }
  }

  /**
   * Answers a preflight: 204 with the allowed method and headers when the origin is allowed, 403
   * otherwise.
   */
  void preflight(Context ctx) {
    ctx.header("Vary", "Origin");
    String allow = allowed(ctx.header("Origin"));
    if (allow == null) {
      Answers.error(ctx, 403);
      return;
    }
    ctx.header("Access-Control-Allow-Origin", allow);
    String method = ctx.header("Access-Control-Request-Method");
    ctx.header(
        "Access-Control-Allow-Methods", method == null ? "GET, POST, PUT, PATCH, DELETE" : method);
    String headers = ctx.header("Access-Control-Request-Headers");
    ctx.header(
        "Access-Control-Allow-Headers", headers == null ? "Authorization, Content-Type" : headers);
    ctx.header("Access-Control-Max-Age", "600");
    ctx.status(204);
  }
}
