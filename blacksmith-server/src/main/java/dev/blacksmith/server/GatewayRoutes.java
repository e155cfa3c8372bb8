package dev.blacksmith.server;

import dev.blacksmith.engine.Accepted;
import dev.blacksmith.engine.Gateway;
import dev.blacksmith.engine.HttpEndpoint;
import dev.blacksmith.engine.OverloadedException;
import dev.blacksmith.server.Views.AcceptedView;
import dev.blacksmith.source.ExtractException;
import dev.blacksmith.source.HttpRequest;
import dev.blacksmith.source.Route;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Mounts the route of every HTTP trigger and turns the gateway's outcomes into answers. */
final class GatewayRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayRoutes.class);

  private final Gateway gateway;
  private final long maxBodyBytes;
  private final Security security;

  private GatewayRoutes(Gateway gateway, long maxBodyBytes, Security security) {
    this.gateway = gateway;
    this.maxBodyBytes = maxBodyBytes;
    this.security = security;
  }

  static void mount(RoutesConfig routes, Gateway gateway, long maxBodyBytes, Security security) {
    GatewayRoutes g = new GatewayRoutes(gateway, maxBodyBytes, security);
    Set<String> paths = new LinkedHashSet<>();
    for (HttpEndpoint endpoint : gateway.endpoints()) {
      for (String method : endpoint.route().methods()) {
        routes.addHttpHandler(
            HandlerType.findOrCreate(method),
            endpoint.route().path(),
            ctx -> g.handle(ctx, endpoint));
      }
      paths.add(endpoint.route().path());
    }
    for (String path : paths) {
      // A trigger may itself answer OPTIONS; then its route wins and the preflight is its own.
      if (gateway.endpoints().stream()
          .noneMatch(
              e -> e.route().path().equals(path) && e.route().methods().contains("OPTIONS"))) {
        routes.options(path, ctx -> security.gatewayCors().preflight(ctx));
      }
    }
  }

  private void handle(Context ctx, HttpEndpoint endpoint) {
    security.gatewayCors().apply(ctx);
    List<String> keys = security.keysOf(endpoint.source());
    // Checked before the body is read: a request without its source's key stores nothing.
    if (!keys.isEmpty() && !Access.hasKey(ctx, keys)) {
      Access.unauthorized(ctx);
      return;
    }
    byte[] body;
    try {
      body = readBody(ctx.req(), maxBodyBytes);
    } catch (IOException e) {
      // The client went away or sent a broken body; nothing to store.
      LOG.debug("cannot read the body of {} {}", ctx.method(), ctx.path(), e);
      Answers.error(
          ctx,
          400,
          "request body could not be read",
          List.of(
              new ExtractException.Validation("request body could not be read", List.of("body"))));
      return;
    }
    if (body == null) {
      Answers.error(
          ctx,
          413,
          Answers.reason(413),
          List.of(
              new ExtractException.Validation(
                  "request body is larger than " + maxBodyBytes + " bytes", List.of("body"))));
      return;
    }
    HttpRequest request =
        new HttpRequest(
            ctx.method().name(),
            ctx.path(),
            headers(ctx.req()),
            ctx.queryParamMap(),
            ctx.pathParamMap(),
            body);
    Accepted accepted;
    try {
      // Handlers run on virtual threads, so blocking here until the commit is cheap.
      accepted = gateway.handle(endpoint, request).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure(ctx, e);
      return;
    } catch (ExecutionException | RuntimeException e) {
      failure(ctx, unwrap(e));
      return;
    }
    accepted(ctx, endpoint.route(), accepted);
  }

  private static void accepted(Context ctx, Route route, @Nullable Accepted accepted) {
    Map<String, Object> answer = Answers.envelope(202, "Accepted");
    // A trigger may accept a request and extract no event; there is then nothing to show.
    if (accepted != null && accepted.eventId() != null) {
      if (route.showMeta()) {
        answer.put("meta", AcceptedView.of(accepted));
      }
      if (route.showData()) {
        answer.put("data", Answers.tree(accepted.data()));
      }
    }
    Answers.send(ctx, 202, answer);
  }

  /** Answers a failed extract or commit; unexpected failures are logged and not shown. */
  static void failure(Context ctx, Throwable error) {
    switch (error) {
      case ExtractException e ->
          Answers.error(ctx, e.statusCode(), message(e, e.statusCode()), e.validations());
      case OverloadedException e -> {
        ctx.header("Retry-After", Long.toString(retryAfterSeconds(e.retryAfter())));
        Answers.error(ctx, 503, message(e, 503), List.of());
      }
      default -> {
        LOG.error("{} {} failed", ctx.method(), ctx.path(), error);
        Answers.error(ctx, 500);
      }
    }
  }

  private static String message(Throwable e, int status) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? Answers.reason(status) : m;
  }

  /** Whole seconds, rounded up and at least 1, as {@code Retry-After} takes them. */
  static long retryAfterSeconds(@Nullable Duration retryAfter) {
    if (retryAfter == null || retryAfter.isNegative() || retryAfter.isZero()) {
      return 1;
    }
    long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
    return Math.max(1, seconds);
  }

  /** The cause a future failed with, out of its wrappers. */
  static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * Reads the body, refusing more than {@code max} bytes whether the client declared its length or
   * sent it in chunks.
   *
   * @return the body, or {@code null} when it is larger than {@code max}
   */
  static byte @Nullable [] readBody(HttpServletRequest req, long max) throws IOException {
    long declared = req.getContentLengthLong();
    if (declared > max) {
      return null;
    }
    int initial = (int) Math.min(declared > 0 ? declared : 8192, Math.min(max, 1 << 20));
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(initial, 32));
    byte[] buffer = new byte[8192];
    long total = 0;
    try (InputStream in = req.getInputStream()) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        total += n;
        if (total > max) {
          return null;
        }
        out.write(buffer, 0, n);
      }
    }
    return out.toByteArray();
  }

  private static Map<String, List<String>> headers(HttpServletRequest req) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : Collections.list(req.getHeaderNames())) {
      headers.put(name, Collections.list(req.getHeaders(name)));
    }
    return headers;
  }
}
