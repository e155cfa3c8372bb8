package dev.blacksmith.it;

import dev.blacksmith.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** A small HTTP/1.1 client for the gateway and the admin API. */
final class Http {

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + BlacksmithProcesses.ADMIN_TOKEN)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(URI uri, String json, Duration timeout)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** {@code meta.count} of an admin API list, such as {@code /admin/api/store/jobs?limit=1}. */
  long count(URI uri) throws IOException, InterruptedException {
    HttpResponse<String> response = get(uri);
    if (response.statusCode() != 200) {
      throw new IOException(uri + " answered " + response.statusCode() + ": " + response.body());
    }
    JsonNode body = Json.tree(response.body());
    return body.get("meta").get("count").asLong();
  }
}
