package dev.blacksmith.pubsub.rabbitmq;

import static org.junit.jupiter.api.Assertions.fail;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The machine's RabbitMQ for tests ({@code BLACKSMITH_RABBITMQ_URL}, default guest on
 * 127.0.0.1:5672). Opening an adapter checks the broker is there: when it is not, the test fails
 * under {@code CI=true} and is skipped otherwise. After each test it closes the adapters it opened
 * and deletes the exchanges and queues they declared.
 */
final class RabbitMqTestBroker implements BeforeEachCallback, AfterEachCallback {

  static final String URL =
      System.getenv().getOrDefault("BLACKSMITH_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/");

  private static volatile Boolean reachable;

  private final List<RabbitMqPubSub> opened = new ArrayList<>();
  private final boolean checkBeforeEach;

  private RabbitMqTestBroker(boolean checkBeforeEach) {
    this.checkBeforeEach = checkBeforeEach;
  }

  /** Checks for the broker when a test first opens an adapter (tests that need none still run). */
  static RabbitMqTestBroker lazy() {
    return new RabbitMqTestBroker(false);
  }

  /**
   * Checks for the broker before each test, ahead of the test class's own {@code @BeforeEach}
   * methods, which then do not run when it is missing.
   */
  static RabbitMqTestBroker required() {
    return new RabbitMqTestBroker(true);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (checkBeforeEach) {
      assumeAvailable();
    }
  }

  /** A new adapter on the test broker; {@code query} is empty or starts with {@code ?}. */
  RabbitMqPubSub open(String query) {
    return openAt(URL + query);
  }

  /** A new adapter on {@code url}, cleaned up like those of {@link #open}. */
  RabbitMqPubSub openAt(String url) {
    assumeAvailable();
    RabbitMqPubSub p = new RabbitMqPubSub(url);
    synchronized (opened) {
      opened.add(p);
    }
    return p;
  }

  static void assumeAvailable() {
    if (reachable == null) {
      RabbitMqSettings s = RabbitMqSettings.parse(URL);
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(s.host(), s.port()), 2_000);
        reachable = true;
      } catch (IOException e) {
        reachable = false;
      }
    }
    if (!reachable) {
      String why =
          "RabbitMQ is not reachable at "
              + RabbitMqSettings.mask(URL)
              + " (start it with 'rabbitmq-server -detached', or set BLACKSMITH_RABBITMQ_URL)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(why + "; CI=true requires it");
      }
      Assumptions.abort(why + "; test skipped");
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    List<RabbitMqPubSub> adapters;
    synchronized (opened) {
      adapters = List.copyOf(opened);
      opened.clear();
    }
    if (adapters.isEmpty()) {
      return;
    }
    adapters.forEach(RabbitMqPubSub::close);
    try (Connection admin = admin()) {
      for (RabbitMqPubSub p : adapters) {
        for (String queue : p.declaredQueues()) {
          withChannel(admin, ch -> ch.queueDelete(queue));
        }
        for (String exchange : p.declaredExchanges()) {
          withChannel(admin, ch -> ch.exchangeDelete(exchange));
        }
      }
    }
  }

  interface ChannelAction {
    void run(Channel ch) throws IOException;
  }

  /** Runs {@code action} on a fresh channel: a refused operation closes only that channel. */
  static void withChannel(Connection c, ChannelAction action) throws IOException {
    Channel ch = c.createChannel();
    try {
      action.run(ch);
    } finally {
      if (ch.isOpen()) {
        try {
          ch.close();
        } catch (TimeoutException | IOException e) {
          // Closing a test's scratch channel: nothing to recover.
        }
      }
    }
  }

  /** A plain connection to the test broker, for inspecting and cleaning up. */
  static Connection admin() throws IOException, TimeoutException {
    assumeAvailable();
    return admin(URL);
  }

  /** A plain connection to the broker at {@code url}. */
  static Connection admin(String url) throws IOException, TimeoutException {
    ConnectionFactory f = RabbitMqSettings.parse(url).connectionFactory();
    f.setAutomaticRecoveryEnabled(false);
    return f.newConnection("blacksmith-test-admin");
  }

  /** Messages ready (not delivered) in {@code queue}, as the broker counts them. */
  static long ready(Connection admin, String queue) throws IOException {
    long[] count = new long[1];
    withChannel(admin, ch -> count[0] = ch.queueDeclarePassive(queue).getMessageCount());
    return count[0];
  }

  /**
   * Closes, from the broker's side, every connection whose client-provided name starts with {@code
   * namePrefix}, as an operator or a failing network would; returns how many it closed. Uses {@code
   * rabbitmqctl}, so it needs to run where the broker runs, as a user allowed to.
   */
  static int closeConnections(String namePrefix) throws IOException, InterruptedException {
    int closed = 0;
    for (String line : rabbitmqctl("list_connections", "-q", "pid", "client_properties")) {
      if (line.contains("{\"connection_name\",\"" + namePrefix)) {
        String pid = line.substring(0, line.indexOf('\t'));
        rabbitmqctl("close_connection", pid, "blacksmith fault test");
        closed++;
      }
    }
    return closed;
  }

  /** A queue's info items from {@code rabbitmqctl list_queues}, tab-separated, or null. */
  static String queueInfo(String queue, String... items) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("list_queues", "-q", "name"));
    args.addAll(List.of(items));
    for (String line : rabbitmqctl(args.toArray(String[]::new))) {
      if (line.startsWith(queue + "\t")) {
        return line.substring(queue.length() + 1);
      }
    }
    return null;
  }

  static List<String> rabbitmqctl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("rabbitmqctl");
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!p.waitFor(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("rabbitmqctl " + String.join(" ", args) + " timed out");
    }
    if (p.exitValue() != 0) {
      throw new IOException(
          "rabbitmqctl " + String.join(" ", args) + " exited " + p.exitValue() + ": " + out);
    }
    return out.lines().toList();
  }
}
