package dev.blacksmith.pubsub.rabbitmq;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on a loopback port in front of the broker that can stop passing the broker's bytes to
 * the client, as a hung broker or a half-dead network would: the client's frames still arrive, no
 * answer comes back.
 */
final class StallingProxy implements AutoCloseable {

  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Object gate = new Object();
  private boolean stalled; // guarded by gate

  StallingProxy(String targetHost, int targetPort) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    Thread.ofPlatform().daemon().name("stalling-proxy-accept").start(this::accept);
  }

  int port() {
    return server.getLocalPort();
  }

  void stall() {
    synchronized (gate) {
      stalled = true;
    }
  }

  void resume() {
    synchronized (gate) {
      stalled = false;
      gate.notifyAll();
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket broker = new Socket();
        broker.connect(new InetSocketAddress(targetHost, targetPort), 2_000);
        sockets.add(client);
        sockets.add(broker);
        pump(client, broker, false);
        pump(broker, client, true);
      } catch (IOException e) {
        return; // Closed.
      }
    }
  }

  private void pump(Socket from, Socket to, boolean stallable) {
    Thread.ofPlatform()
        .daemon()
        .name("stalling-proxy-pump")
        .start(() -> {
          byte[] buffer = new byte[16 * 1024];
          try (InputStream in = from.getInputStream();
              OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) != -1) {
              if (stallable) {
                awaitOpenGate();
              }
              out.write(buffer, 0, n);
              out.flush();
            }
          } catch (IOException | InterruptedException e) {
            // One side closed: the other follows.
          } finally {
            closeQuietly(from);
            closeQuietly(to);
          }
        });
  }

  private void awaitOpenGate() throws InterruptedException {
    synchronized (gate) {
      while (stalled) {
        gate.wait();
      }
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // Already closed.
    }
  }

  @Override
  public void close() throws IOException {
    resume();
    server.close();
    sockets.forEach(StallingProxy::closeQuietly);
  }
}
