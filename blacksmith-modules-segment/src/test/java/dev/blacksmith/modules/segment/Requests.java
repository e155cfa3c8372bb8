package dev.blacksmith.modules.segment;

import dev.blacksmith.source.HttpRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/** Requests as the gateway hands them to triggers, built the way Segment's libraries send them. */
final class Requests {

  private final String path;
  private final Map<String, List<String>> headers = new LinkedHashMap<>();
  private byte[] body = new byte[0];

  private Requests(String path) {
    this.path = path;
    headers.put("Content-Type", List.of("application/json"));
  }

  static Requests post(String path) {
    return new Requests(path);
  }

  /** HTTP basic authentication with the write key as user name and an empty password. */
  Requests basicAuth(String writeKey) {
    return header("Authorization", basic(writeKey));
  }

  static String basic(String writeKey) {
    return "Basic "
        + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
  }

  Requests header(String name, String value) {
    headers.put(name, List.of(value));
    return this;
  }

  Requests json(String json) {
    this.body = json.getBytes(StandardCharsets.UTF_8);
    return this;
  }

  Requests gzipJson(String json) {
    this.body = gzip(json.getBytes(StandardCharsets.UTF_8));
    return header("Content-Encoding", "gzip");
  }

  Requests deflateJson(String json) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
      z.write(json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.body = out.toByteArray();
    return header("Content-Encoding", "deflate");
  }

  Requests rawBody(byte[] bytes) {
    this.body = bytes.clone();
    return this;
  }

  HttpRequest build() {
    return new HttpRequest("POST", path, headers, Map.of(), Map.of(), body);
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
