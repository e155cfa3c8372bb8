package dev.blacksmith.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL server of this test alone (binaries from a jar, data in {@code dataDirectory}),
 * which it may stop and start again on the same port and data: the machine's server is shared and
 * never touched.
 */
final class PrivatePostgres implements AutoCloseable {

  private final Path dataDirectory;
  private final int port;
  private @Nullable EmbeddedPostgres server;

  private PrivatePostgres(Path dataDirectory, int port) {
    this.dataDirectory = dataDirectory;
    this.port = port;
  }

  /** Creates the data directory and starts the server on a free port. */
  static PrivatePostgres start(Path dataDirectory) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    PrivatePostgres postgres = new PrivatePostgres(dataDirectory, port);
    postgres.startAgain();
    return postgres;
  }

  /** The database {@code postgres}, user {@code postgres}, on 127.0.0.1. */
  Database database() {
    return new Database("127.0.0.1", port, "postgres", "postgres");
  }

  /** Stops the server ({@code pg_ctl stop -m fast}: sessions are cut), keeping its data. */
  void stop() throws IOException {
    EmbeddedPostgres running = server;
    server = null;
    if (running != null) {
      running.close();
    }
  }

  /** Starts the server on its port and data directory, after {@link #stop()} or the first time. */
  void startAgain() throws IOException {
    if (server != null) {
      throw new IllegalStateException("the server is running");
    }
    server =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDirectory)
            // Keep the data at stop: the restart must find what was committed.
            .setCleanDataDirectory(false)
            .setPort(port)
            .setServerConfig("listen_addresses", "127.0.0.1")
            .setServerConfig("max_connections", "100")
            .setPGStartupWait(Duration.ofSeconds(60))
            .setRegisterShutdownHook(true)
            .start();
  }

  @Override
  public void close() throws IOException {
    stop();
  }
}
