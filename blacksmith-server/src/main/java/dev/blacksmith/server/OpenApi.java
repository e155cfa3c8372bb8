package dev.blacksmith.server;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The OpenAPI 3.1 document of the admin API, a hand-written resource served as it is. */
final class OpenApi {

  static final String RESOURCE = "/dev/blacksmith/server/openapi.json";

  private static final String DOCUMENT = load();

  private OpenApi() {}

  static String document() {
    return DOCUMENT;
  }

  static void serve(Context ctx) {
    ctx.status(200).contentType("application/json").result(DOCUMENT);
  }

  private static String load() {
    try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
