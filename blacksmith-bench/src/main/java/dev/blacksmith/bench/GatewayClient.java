package dev.blacksmith.bench;

import java.io.IOException;

/** Posts events to the gateway over HTTP/1.1 with keep-alive connections; thread-safe. */
interface GatewayClient extends AutoCloseable {

  /** An answer of the gateway. */
  record Answer(int status, String body) {}

  /** Posts {@code body} to the bench trigger and waits for the answer. */
  Answer post(byte[] body) throws IOException, InterruptedException;

  /**
   * Opens up to {@code connections} keep-alive connections ahead of the load, one after the other,
   * so a burst of requests finds them ready instead of opening many at once (beyond the server's
   * accept backlog, a connection attempt waits for the kernel's one-second SYN retry). A client
   * that pools on its own may do nothing.
   *
   * @throws java.io.UncheckedIOException when a connection cannot be opened
   */
  default void prepare(int connections) {}

  /** Connections opened so far, or -1 when the client does not say. */
  int connectionsOpened();

  @Override
  void close();

  /** One client per port, taking turns request by request: several instances share the load. */
  static GatewayClient create(BenchConfig.ClientKind kind, java.util.List<Integer> ports) {
    if (ports.size() == 1) {
      return create(kind, ports.get(0));
    }
    java.util.List<GatewayClient> clients = ports.stream().map(p -> create(kind, p)).toList();
    java.util.concurrent.atomic.AtomicLong turn = new java.util.concurrent.atomic.AtomicLong();
    return new GatewayClient() {
      @Override
      public Answer post(byte[] body) throws IOException, InterruptedException {
        return clients.get((int) (turn.getAndIncrement() % clients.size())).post(body);
      }

      @Override
      public void prepare(int connections) {
        int each = (connections + clients.size() - 1) / clients.size();
        clients.forEach(c -> c.prepare(each));
      }

      @Override
      public int connectionsOpened() {
        int sum = 0;
        for (GatewayClient c : clients) {
          if (c.connectionsOpened() < 0) {
            return -1;
          }
          sum += c.connectionsOpened();
        }
        return sum;
      }

      @Override
      public void close() {
        clients.forEach(GatewayClient::close);
      }
    };
  }

  static GatewayClient create(BenchConfig.ClientKind kind, int port) {
    return switch (kind) {
      case JDK -> new JdkGatewayClient(port, BenchApp.PATH);
      case RAW -> new RawGatewayClient(port, BenchApp.PATH);
    };
  }
}
