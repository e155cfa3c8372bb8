package dev.blacksmith.pubsub.nats;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.UUID;

/**
 * The machine's shared NATS (127.0.0.1:4222). Tests on it use streams under a prefix of their own
 * and delete only those: the server itself is never touched.
 */
final class MachineNats {

  static final String HOST = "127.0.0.1";
  static final int PORT = 4222;
  static final String URL = "nats://" + HOST + ":" + PORT;

  private MachineNats() {}

  /** Fails when CI=true and NATS is unreachable; otherwise skips the test class. */
  static void requireRunning() {
    boolean up;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT), 1000);
      up = true;
    } catch (IOException e) {
      up = false;
    }
    if (!up) {
      String why =
          "NATS with JetStream is not reachable at "
              + HOST
              + ":"
              + PORT
              + " (start it with: nats-server -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server)";
      if ("true".equals(System.getenv("CI"))) {
        fail(why);
      }
      assumeTrue(false, why + "; skipping");
    }
  }

  /** A stream prefix unique to one test class run. */
  static String newPrefix() {
    return "bstest_" + UUID.randomUUID().toString().substring(0, 8) + "_";
  }

  /** Deletes the streams whose names start with {@code prefix} (and only those). */
  static void deleteStreams(String url, String prefix) throws Exception {
    try (Connection c =
        Nats.connect(
            new Options.Builder()
                .server(url)
                .connectionTimeout(Duration.ofSeconds(2))
                .maxReconnects(0)
                .build())) {
      JetStreamManagement jsm = c.jetStreamManagement();
      for (String name : jsm.getStreamNames()) {
        if (name.startsWith(prefix)) {
          jsm.deleteStream(name);
        }
      }
    }
  }
}
