package dev.blacksmith.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real {@code blacksmith start} processes for a test, forked with the test's class path (which
 * holds {@link ItApplication}), each writing its output to a file in a temporary directory. After
 * each test every process still alive is killed, then what was registered with {@link #closeAfter}
 * is closed (newest first); when the test failed, the tail of every process's output is printed and
 * the directory kept (kept always with {@code -Dblacksmith.it.keep=true}).
 */
final class BlacksmithProcesses implements BeforeEachCallback, AfterEachCallback {

  /** The admin API token every process is started with. */
  static final String ADMIN_TOKEN = "it-admin-token";

  private static final Logger LOG = LoggerFactory.getLogger(BlacksmithProcesses.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final int TAIL_LINES = 80;

  /** One running process and where to reach it. */
  record Node(String name, Process process, int gatewayPort, int schedulerPort, Path log) {

    long pid() {
      return process.pid();
    }

    URI gateway(String path) {
      return URI.create("http://127.0.0.1:" + gatewayPort + path);
    }

    URI scheduler(String path) {
      return URI.create("http://127.0.0.1:" + schedulerPort + path);
    }

    String output() {
      try {
        return Files.readString(log, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String toString() {
      return name + " (pid " + pid() + ", gateway :" + gatewayPort + ")";
    }
  }

  // Processes of every test still running; killed if the test JVM exits first (a timeout or ^C),
  // so that none outlives the build.
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> LIVE.forEach(Process::destroyForcibly), "kill-blacksmiths"));
  }

  private final Http http = new Http();
  private final List<Node> nodes = new ArrayList<>();
  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
  private Path dir = Path.of(".");

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    dir = Files.createTempDirectory("blacksmith-it-");
  }

  /** Closes {@code resource} after the test, once the processes are dead. */
  void closeAfter(AutoCloseable resource) {
    closeables.push(resource);
  }

  /** The temporary directory of this test. */
  Path dir() {
    return dir;
  }

  /**
   * Starts {@code count} processes at once on {@code storeUrl} with {@code env} added to their
   * environment, and waits until every one answers {@code /_health} on both services.
   */
  List<Node> start(int count, String storeUrl, Map<String, String> env) throws IOException {
    List<Node> started = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      started.add(fork(storeUrl, env));
    }
    for (Node node : started) {
      awaitHealthy(node);
    }
    return started;
  }

  private Node fork(String storeUrl, Map<String, String> env) throws IOException {
    String name = "blacksmith-" + nodes.size();
    int gatewayPort = freePort();
    int schedulerPort = freePort();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder =
        new ProcessBuilder(
            java.toString(),
            "--enable-native-access=ALL-UNNAMED",
            // The logging of the shipped command, not this module's test logging.
            "-Dlogback.configurationFile=logback.xml",
            "-Xmx384m",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.blacksmith.cli.Main",
            "start",
            "--host",
            "127.0.0.1",
            "--gateway-port",
            Integer.toString(gatewayPort),
            "--scheduler-port",
            Integer.toString(schedulerPort),
            "--store-url",
            storeUrl);
    builder.environment().put("BLACKSMITH_ADMIN_TOKEN", ADMIN_TOKEN);
    builder.environment().putAll(env);
    Path log = dir.resolve(name + ".log");
    builder.redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    Node node = new Node(name, builder.start(), gatewayPort, schedulerPort, log);
    LIVE.add(node.process());
    nodes.add(node);
    LOG.info("started {}, output in {}", node, log);
    return node;
  }

  private void awaitHealthy(Node node) {
    await("health of " + node)
        .atMost(START_TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .failFast(node + " exited during start-up", () -> !node.process().isAlive())
        .until(() ->
            http.get(node.gateway("/_health")).statusCode() == 200
                && http.get(node.scheduler("/_health")).statusCode() == 200);
  }

  /** Sends SIGTERM to {@code node} and waits up to {@code timeout} for it to exit. */
  static boolean stopGracefully(Node node, Duration timeout) throws InterruptedException {
    node.process().destroy();
    return node.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    for (Node node : nodes) {
      node.process().destroyForcibly();
    }
    for (Node node : nodes) {
      node.process().waitFor(30, TimeUnit.SECONDS);
      LIVE.remove(node.process());
    }
    // A test skipped for want of PostgreSQL has nothing to show.
    boolean failed =
        context
            .getExecutionException()
            .filter(e -> !(e instanceof TestAbortedException))
            .isPresent();
    boolean anyStarted = !nodes.isEmpty();
    if (failed && anyStarted) {
      for (Node node : nodes) {
        System.err.println(tail(node));
      }
      System.err.println("process output kept in " + dir);
    }
    Exception closing = null;
    while (!closeables.isEmpty()) {
      try {
        closeables.pop().close();
      } catch (Exception e) {
        if (closing == null) {
          closing = e;
        } else {
          closing.addSuppressed(e);
        }
      }
    }
    nodes.clear();
    if (!anyStarted || (!failed && !Boolean.getBoolean("blacksmith.it.keep"))) {
      deleteRecursively(dir);
    }
    if (closing != null) {
      throw closing;
    }
  }

  private static String tail(Node node) {
    List<String> lines;
    try {
      lines = Files.readAllLines(node.log(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "---- " + node + ": cannot read " + node.log() + ": " + e.getMessage();
    }
    List<String> last = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
    return "---- last "
        + last.size()
        + " of "
        + lines.size()
        + " lines of "
        + node
        + ", exit "
        + (node.process().isAlive() ? "none" : node.process().exitValue())
        + "\n"
        + String.join("\n", last);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
