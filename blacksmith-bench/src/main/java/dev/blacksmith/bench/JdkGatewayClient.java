package dev.blacksmith.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The JDK's {@link HttpClient}, forced to HTTP/1.1 (otherwise it offers an {@code h2c} upgrade); it
 * pools keep-alive connections itself, opening one per concurrent request.
 */
final class JdkGatewayClient implements GatewayClient {

  private final HttpClient http;
  private final URI uri;

  JdkGatewayClient(int port, String path) {
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    this.uri = URI.create("http://127.0.0.1:" + port + path);
  }

  @Override
  public Answer post(byte[] body) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }

  @Override
  public int connectionsOpened() {
    // The JDK client does not say; its pool holds at most one connection per concurrent request.
    return -1;
  }

  @Override
  public void close() {
    http.close();
  }
}
