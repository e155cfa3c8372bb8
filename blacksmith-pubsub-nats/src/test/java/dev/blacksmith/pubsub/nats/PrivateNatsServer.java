package dev.blacksmith.pubsub.nats;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A nats-server of the test's own, on a free port with its own store directory, so that it can be
 * stopped and restarted without touching the machine's server.
 */
final class PrivateNatsServer implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/sbin/nats-server");

  private final int port;
  private final Path storeDir;
  private final List<String> extraArgs;
  private Process process;

  private PrivateNatsServer(int port, Path storeDir, List<String> extraArgs) {
    this.port = port;
    this.storeDir = storeDir;
    this.extraArgs = extraArgs;
  }

  /** Fails when CI=true and the binary is missing; otherwise skips. */
  static void requireBinary() {
    if (!Files.isExecutable(BINARY)) {
      String why = BINARY + " is not installed: broker fault tests need their own nats-server";
      if ("true".equals(System.getenv("CI"))) {
        fail(why);
      }
      assumeTrue(false, why + "; skipping");
    }
  }

  /** Starts a server with JetStream; {@code extraArgs} such as {@code --user u --pass p}. */
  static PrivateNatsServer start(String... extraArgs) throws IOException {
    return startOn(freePort(), extraArgs);
  }

  /** Starts a server with JetStream on {@code port}. */
  static PrivateNatsServer startOn(int port, String... extraArgs) throws IOException {
    PrivateNatsServer s =
        new PrivateNatsServer(
            port, Files.createTempDirectory("blacksmith-nats-"), List.of(extraArgs));
    s.startProcess();
    return s;
  }

  int port() {
    return port;
  }

  String url() {
    return "nats://127.0.0.1:" + port;
  }

  /** Stops the server gracefully (SIGTERM), as an orderly broker restart does. */
  void stop() throws InterruptedException {
    Process p = process;
    if (p != null && p.isAlive()) {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    process = null;
  }

  /** Kills the server (SIGKILL): no chance to flush anything of its own. */
  void kill() throws InterruptedException {
    Process p = process;
    if (p != null && p.isAlive()) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    process = null;
  }

  /** Starts the server again on the same port and store directory. */
  void restart() throws IOException {
    startProcess();
  }

  private void startProcess() throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(BINARY.toString());
    cmd.addAll(
        List.of(
            "-a", "127.0.0.1", "-p", Integer.toString(port), "-js", "-sd", storeDir.toString()));
    cmd.addAll(extraArgs);
    process =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(storeDir.resolve("server.log").toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "nats-server exited with "
                + process.exitValue()
                + "; see "
                + storeDir.resolve("server.log"));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while starting nats-server", e);
        }
      }
    }
    throw new IOException("nats-server did not listen on " + port + " within 15 s");
  }

  @Override
  public void close() throws Exception {
    stop();
    try (Stream<Path> files = Files.walk(storeDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
