package dev.blacksmith.server;

import dev.blacksmith.source.ExtractException.Validation;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The operator's web dashboard at {@value #PATH}: static files from the jar (HTML, CSS, ES
 * modules), read once into memory. The files carry no data, so they are served without the admin
 * token: the page asks for the token and sends it on every call to the admin API, which keeps
 * requiring it. Only the files listed in {@link #ASSETS} are open; any other path under {@code
 * /admin} still needs the token.
 */
final class Dashboard {

  static final String PATH = "/admin";

  static final String RESOURCES = "/dev/blacksmith/server/dashboard/";

  /** Every file of the dashboard, each served at {@code /admin/<name>}. */
  static final List<String> ASSETS =
      List.of(
          "index.html",
          "app.css",
          "favicon.svg",
          "app.js",
          "api.js",
          "dom.js",
          "charts.js",
          "overview.js",
          "events.js",
          "jobs.js",
          "catalog.js");

  /**
   * Scripts and styles only from this origin, no inline code, no framing; the API is called on this
   * origin only. Charts are SVG built through the DOM, which needs nothing more.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final Map<String, Asset> FILES = load();

  /** One file: its bytes (only ever read), content type and validator. */
  private static final class Asset {
    private final byte[] bytes;
    private final String contentType;
    private final String etag;

    Asset(byte[] bytes, String contentType, String etag) {
      this.bytes = bytes;
      this.contentType = contentType;
      this.etag = etag;
    }
  }

  private Dashboard() {}

  /** Mounts {@code GET /admin} (a redirect to {@code /admin/}), the page and its files. */
  static void mount(RoutesConfig routes) {
    // Javalin ignores trailing slashes when matching, so one route sees both /admin and /admin/.
    routes.get(PATH, Dashboard::root);
    routes.get(PATH + "/{asset}", ctx -> serve(ctx, ctx.pathParam("asset")));
  }

  /**
   * Whether {@code path} is the page or one of its files, which {@link Guard} lets through without
   * the token. Exact matches only: {@code /admin/anything-else} still requires it.
   */
  static boolean isShell(String method, String path) {
    if (!"GET".equals(method)) {
      return false;
    }
    if (path.equals(PATH) || path.equals(PATH + "/")) {
      return true;
    }
    return path.startsWith(PATH + "/") && FILES.containsKey(path.substring(PATH.length() + 1));
  }

  private static void root(Context ctx) {
    if (!ctx.path().endsWith("/")) {
      // Relative to /admin, "admin/" is /admin/ (also behind a proxy adding a prefix), and the
      // page's relative links resolve under it.
      ctx.status(302).header("Location", "admin/");
      return;
    }
    serve(ctx, "index.html");
  }

  private static void serve(Context ctx, String name) {
    Asset asset = FILES.get(name);
    if (asset == null) {
      throw new ApiException(
          404,
          Answers.reason(404),
          List.of(new Validation("the dashboard has no file '" + name + "'", List.of("path"))));
    }
    securityHeaders(ctx);
    // Revalidated at every load, so an upgraded jar's files are picked up at once.
    ctx.header("Cache-Control", "no-cache");
    ctx.header("ETag", asset.etag);
    if (asset.etag.equals(ctx.header("If-None-Match"))) {
      ctx.status(304);
      return;
    }
    ctx.status(200).contentType(asset.contentType).result(asset.bytes);
  }

  /** The headers that keep the page from being framed, sniffed or fed foreign scripts. */
  static void securityHeaders(Context ctx) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cross-Origin-Opener-Policy", "same-origin");
  }

  static @Nullable String contentType(String name) {
    int dot = name.lastIndexOf('.');
    return switch (dot < 0 ? "" : name.substring(dot + 1)) {
      case "html" -> "text/html;charset=utf-8";
      case "css" -> "text/css;charset=utf-8";
      case "js" -> "text/javascript;charset=utf-8";
      case "svg" -> "image/svg+xml";
      default -> null;
    };
  }

  private static Map<String, Asset> load() {
    Map<String, Asset> files = new LinkedHashMap<>();
    for (String name : ASSETS) {
      String type = contentType(name);
      if (type == null) {
        throw new IllegalStateException("no content type for dashboard file " + name);
      }
      byte[] bytes = read(RESOURCES + name);
      files.put(name, new Asset(bytes, type, etag(bytes)));
    }
    return Map.copyOf(files);
  }

  private static byte[] read(String resource) {
    try (InputStream in = Dashboard.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
