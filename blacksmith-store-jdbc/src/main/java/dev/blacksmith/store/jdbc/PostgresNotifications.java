package dev.blacksmith.store.jdbc;

import dev.blacksmith.json.Json;
import dev.blacksmith.pubsub.Message;
import dev.blacksmith.spi.pubsub.MessageHandler;
import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.spi.pubsub.PubSubException;
import dev.blacksmith.spi.pubsub.Publisher;
import dev.blacksmith.spi.pubsub.Subscriber;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * A {@link PubSub} on PostgreSQL's {@code LISTEN/NOTIFY}, for wake-ups between instances that share
 * a store. It is not a broker:
 *
 * <ul>
 *   <li>At most once and not durable: a notification sent while a listener is disconnected, or
 *       before it listens, is lost; a handler that throws does not get it again (the failure is
 *       logged). The store stays the truth, so a lost wake-up only delays work until the sweep.
 *   <li>Broadcast: every subscriber of a topic gets every notification, whatever its subscription
 *       group.
 *   <li>A topic is a channel named from the store's schema and the topic, sanitised to an
 *       identifier of at most 63 bytes, so stores in different schemas do not hear each other.
 *   <li>The payload is the message as JSON, {@code {"body": text, "metadata": {...}}} (or {@code
 *       bodyBase64} when the body is not UTF-8), and must be shorter than 8000 bytes: larger
 *       messages are refused with a {@link PubSubException}.
 * </ul>
 *
 * <p>Notifications are sent through the store's pool, each in its own transaction. Subscribers
 * listen on one dedicated connection outside the pool, polled by one thread; when that connection
 * breaks (the server restarted, the backend was terminated) the thread reconnects with backoff and
 * listens again on every channel. Handlers run on that thread: keep them quick.
 */
final class PostgresNotifications implements PubSub {

  /** NOTIFY refuses payloads of 8000 bytes or more. */
  static final int MAX_PAYLOAD_BYTES = 7999;

  private static final Logger log = LoggerFactory.getLogger(PostgresNotifications.class);
  private static final int MAX_CHANNEL_BYTES = 63;
  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration CHECK_EVERY = Duration.ofSeconds(10);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  /** Opens the dedicated listening connection. */
  @FunctionalInterface
  interface ConnectionFactory {
    Connection open() throws SQLException;
  }

  private final PostgresDatabase database;
  private final String schema;
  private final ConnectionFactory connections;
  private final Map<String, List<MessageHandler>> handlers = new ConcurrentHashMap<>();
  // Guards the listening connection and the thread's start; never held while polling.
  private final ReentrantLock lock = new ReentrantLock();
  private @Nullable Connection listening;
  private @Nullable Thread thread;
  private volatile boolean closed;

  PostgresNotifications(PostgresDatabase database, String schema, ConnectionFactory connections) {
    this.database = database;
    this.schema = schema;
    this.connections = connections;
  }

  @Override
  public String name() {
    return "postgres-notify";
  }

  @Override
  public Publisher publisher() {
    return new Publisher() {
      private volatile boolean shut;

      @Override
      public void init() {
        ensureOpen();
      }

      @Override
      public void send(String topic, Message message) {
        if (shut) {
          throw new PubSubException("this publisher was shut down");
        }
        publish(topic, message);
      }

      @Override
      public void shutdown() {
        shut = true;
      }
    };
  }

  @Override
  public Subscriber subscriber(String topic, String subscription) {
    String channel = channel(schema, topic);
    return new Subscriber() {
      private @Nullable MessageHandler registered;

      @Override
      public void init() {
        ensureOpen();
        lock.lock();
        try {
          connection();
        } catch (SQLException e) {
          throw new PubSubException(
              "cannot listen on " + database.describe() + ": " + e.getMessage(), e);
        } finally {
          lock.unlock();
        }
      }

      @Override
      public void receive(MessageHandler handler) {
        ensureOpen();
        registered = handler;
        listen(channel, handler);
      }

      @Override
      public void shutdown() {
        MessageHandler handler = registered;
        if (handler != null) {
          unlisten(channel, handler);
          registered = null;
        }
      }
    };
  }

  /** Sends {@code message} to every listener of {@code topic}, once its transaction commits. */
  void publish(String topic, Message message) {
    ensureOpen();
    String payload = payload(message);
    int bytes = payload.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_PAYLOAD_BYTES) {
      throw new PubSubException(
          "a notification on topic "
              + topic
              + " takes "
              + bytes
              + " bytes as JSON; PostgreSQL NOTIFY carries at most "
              + MAX_PAYLOAD_BYTES
              + ". Send a reference to the data instead");
    }
    String channel = channel(schema, topic);
    try {
      database.write(c -> {
        try (PreparedStatement statement = c.prepareStatement("SELECT pg_notify(?, ?)")) {
          statement.setString(1, channel);
          statement.setString(2, payload);
          statement.execute();
        }
        return null;
      });
    } catch (SQLException | RuntimeException e) {
      throw new PubSubException(
          "notifying " + channel + " on " + database.describe() + " failed: " + e.getMessage(), e);
    }
  }

  private void listen(String channel, MessageHandler handler) {
    lock.lock();
    try {
      List<MessageHandler> list =
          handlers.computeIfAbsent(channel, k -> new CopyOnWriteArrayList<>());
      list.add(handler);
      if (list.size() == 1) {
        try {
          Connection existing = listening;
          if (existing != null) {
            execute(existing, "LISTEN " + quote(channel));
          } else {
            connection();
          }
        } catch (SQLException e) {
          // The thread reconnects and listens on every channel again.
          log.warn("LISTEN {} failed ({}); retrying in the background", channel, e.getMessage());
          dropConnection();
        }
      }
      if (thread == null) {
        thread =
            Thread.ofPlatform()
                .daemon()
                .name("blacksmith-postgres-listen-" + schema)
                .start(this::poll);
      }
    } finally {
      lock.unlock();
    }
  }

  private void unlisten(String channel, MessageHandler handler) {
    lock.lock();
    try {
      List<MessageHandler> list = handlers.get(channel);
      if (list == null || !list.remove(handler) || !list.isEmpty()) {
        return;
      }
      handlers.remove(channel);
      Connection c = listening;
      if (c != null) {
        try {
          execute(c, "UNLISTEN " + quote(channel));
        } catch (SQLException e) {
          // A broken connection listens to nothing; the thread replaces it.
          log.debug("UNLISTEN {} failed: {}", channel, e.getMessage());
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** The thread: waits for notifications, dispatches them, and reconnects when the link breaks. */
  private void poll() {
    Duration backoff = FIRST_BACKOFF;
    long checked = System.nanoTime();
    boolean failing = false;
    while (!closed) {
      Connection c;
      lock.lock();
      try {
        c = connection();
        if (failing) {
          log.info("listening on {} again", database.describe());
          failing = false;
          backoff = FIRST_BACKOFF;
        }
      } catch (SQLException e) {
        if (!failing) {
          log.warn(
              "lost the LISTEN connection to {} ({}); reconnecting",
              database.describe(),
              e.getMessage());
        }
        failing = true;
        c = null;
      } finally {
        lock.unlock();
      }
      if (c == null) {
        sleep(backoff);
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
        continue;
      }
      try {
        PGNotification[] received =
            c.unwrap(PGConnection.class).getNotifications((int) POLL.toMillis());
        if (received != null) {
          for (PGNotification notification : received) {
            dispatch(notification);
          }
        }
        // A silent connection may be a dead one that no packet told us about.
        if (System.nanoTime() - checked > CHECK_EVERY.toNanos()) {
          checked = System.nanoTime();
          if (!c.isValid(5)) {
            throw new SQLException("the LISTEN connection stopped answering", "08006");
          }
        }
      } catch (SQLException e) {
        if (closed) {
          return;
        }
        dropIfCurrent(c);
        if (!failing) {
          log.warn(
              "lost the LISTEN connection to {} ({}); reconnecting",
              database.describe(),
              e.getMessage());
        }
        failing = true;
      }
    }
  }

  private void dispatch(PGNotification notification) {
    List<MessageHandler> list = handlers.get(notification.getName());
    if (list == null || list.isEmpty()) {
      return;
    }
    Message message;
    try {
      message = message(notification.getParameter());
    } catch (RuntimeException e) {
      log.warn("ignored a notification on {}: {}", notification.getName(), e.getMessage());
      return;
    }
    for (MessageHandler handler : list) {
      try {
        handler.handle(message);
      } catch (Exception e) {
        // At most once: a notification is not redelivered.
        log.warn("a handler of {} failed: {}", notification.getName(), e.getMessage(), e);
      }
    }
  }

  /**
   * The listening connection; when missing, a new one listening on every channel. Call with the
   * lock held.
   */
  private Connection connection() throws SQLException {
    Connection c = listening;
    if (c == null) {
      c = connections.open();
      try {
        for (String channel : handlers.keySet()) {
          execute(c, "LISTEN " + quote(channel));
        }
      } catch (SQLException e) {
        try {
          c.close();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
      listening = c;
    }
    return c;
  }

  /** Drops {@code broken} unless another thread already replaced it. */
  @SuppressWarnings("ReferenceEquality") // The very connection that failed, not an equal one.
  private void dropIfCurrent(Connection broken) {
    lock.lock();
    try {
      if (listening == broken) {
        dropConnection();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Closes and forgets the listening connection; call with the lock held. */
  private void dropConnection() {
    Connection c = listening;
    listening = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        log.debug("closing a broken LISTEN connection failed: {}", e.getMessage());
      }
    }
  }

  /** The backend process id of the listening connection, or -1; for tests. */
  int listenerPid() {
    lock.lock();
    try {
      Connection c = listening;
      return c == null ? -1 : c.unwrap(PGConnection.class).getBackendPID();
    } catch (SQLException e) {
      return -1;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    Thread t;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      handlers.clear();
      dropConnection();
      t = thread;
    } finally {
      lock.unlock();
    }
    if (t != null) {
      try {
        t.join(POLL.multipliedBy(4).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new PubSubException("the notifications of " + database.describe() + " are closed");
    }
  }

  /**
   * The channel of {@code topic} in {@code schema}: {@code schema.topic} when that is already a
   * short lowercase name, otherwise sanitised and suffixed with a hash of the original, so
   * different topics keep different channels.
   */
  static String channel(String schema, String topic) {
    String name = schema + "." + topic;
    String clean = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.]", "_");
    if (clean.equals(name) && name.length() <= MAX_CHANNEL_BYTES) {
      return name;
    }
    CRC32 crc = new CRC32();
    crc.update(name.getBytes(StandardCharsets.UTF_8));
    String hash = String.format(Locale.ROOT, "%08x", crc.getValue());
    int keep = Math.min(clean.length(), MAX_CHANNEL_BYTES - hash.length() - 1);
    return clean.substring(0, keep) + "_" + hash;
  }

  static String payload(Message message) {
    Map<String, Object> json = new LinkedHashMap<>();
    byte[] body = message.body();
    String text = utf8(body);
    if (text != null) {
      json.put("body", text);
    } else {
      json.put("bodyBase64", Base64.getEncoder().encodeToString(body));
    }
    json.put("metadata", message.metadata());
    return Json.write(json);
  }

  static Message message(String payload) {
    JsonNode json = Json.tree(payload);
    byte[] body;
    if (json.has("bodyBase64")) {
      body = Base64.getDecoder().decode(json.get("bodyBase64").asString());
    } else {
      body = json.path("body").asString("").getBytes(StandardCharsets.UTF_8);
    }
    Map<String, String> metadata = new HashMap<>();
    JsonNode fields = json.path("metadata");
    for (String key : Set.copyOf(fields.propertyNames())) {
      metadata.put(key, fields.get(key).asString());
    }
    return new Message(body, metadata);
  }

  /** {@code bytes} as text when they are valid UTF-8, else {@code null}. */
  private static @Nullable String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement statement = c.createStatement()) {
      statement.execute(sql);
    }
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
