package dev.blacksmith.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * HTTP/1.1 over plain keep-alive sockets, written and parsed by hand: a request costs the client
 * one write and one read, so nearly all the CPU of the shared machine goes to the server. Idle
 * connections are pooled and reused; a request finding none opens one.
 */
final class RawGatewayClient implements GatewayClient {

  private static final int MAX_HEADER_LINE = 8192;

  private final InetSocketAddress address;
  private final String head;
  private static final long STALE_NANOS = 10_000_000_000L;

  private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
  private final Set<Connection> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger opened = new AtomicInteger();
  private volatile boolean closed;

  RawGatewayClient(int port, String path) {
    try {
      // The gateway binds 127.0.0.1 itself, whatever localhost resolves to.
      this.address =
          new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    this.head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1:"
            + port
            + "\r\nContent-Type: application/json\r\nContent-Length: ";
  }

  @Override
  public Answer post(byte[] body) throws IOException {
    if (closed) {
      throw new IOException("client closed");
    }
    Connection c = idle.pollFirst();
    // The server closes a connection idle for 30 s; one idle for a while may be closing as we
    // write, and that request would get no answer. Open a fresh one instead.
    while (c != null && System.nanoTime() - c.idleSince > STALE_NANOS) {
      c.close();
      c = idle.pollFirst();
    }
    if (c == null) {
      c = connect();
    }
    boolean reusable = false;
    try {
      byte[] request = (head + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
      Answer answer = c.exchange(request, body);
      reusable = c.keepAlive;
      return answer;
    } finally {
      if (reusable && !closed) {
        c.idleSince = System.nanoTime();
        idle.offerFirst(c);
      } else {
        c.close();
      }
    }
  }

  @Override
  public void prepare(int connections) {
    try {
      for (int i = idle.size(); i < connections; i++) {
        idle.offerLast(connect());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open connections to the gateway", e);
    }
  }

  private Connection connect() throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(address, 5_000);
      socket.setSoTimeout(60_000);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    opened.incrementAndGet();
    Connection c = new Connection(socket);
    open.add(c);
    return c;
  }

  @Override
  public int connectionsOpened() {
    return opened.get();
  }

  @Override
  public void close() {
    closed = true;
    for (Connection c : open) {
      c.close();
    }
  }

  /** One keep-alive connection, used by one request at a time. */
  private final class Connection {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private boolean keepAlive = true;
    private volatile long idleSince = System.nanoTime();

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.out = new BufferedOutputStream(socket.getOutputStream(), 1024);
      this.in = new BufferedInputStream(socket.getInputStream(), 8192);
    }

    Answer exchange(byte[] requestHead, byte[] body) throws IOException {
      out.write(requestHead);
      out.write(body);
      out.flush();
      String status = line();
      if (status == null) {
        throw new EOFException("the server closed the connection before answering");
      }
      // "HTTP/1.1 202 Accepted"
      int code = Integer.parseInt(status.substring(9, 12));
      long length = -1;
      boolean chunked = false;
      String header;
      while ((header = line()) != null && !header.isEmpty()) {
        int colon = header.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = header.substring(colon + 1).trim();
        switch (name) {
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
          case "connection" -> keepAlive = !value.equalsIgnoreCase("close");
          default -> {}
        }
      }
      if (header == null) {
        throw new EOFException("the server closed the connection in the headers");
      }
      byte[] content;
      if (chunked) {
        content = chunkedBody();
      } else if (length >= 0) {
        content = in.readNBytes((int) length);
        if (content.length < length) {
          throw new EOFException("the server closed the connection in the body");
        }
      } else {
        // Neither length nor chunks: the body ends with the connection.
        content = in.readAllBytes();
        keepAlive = false;
      }
      return new Answer(code, new String(content, StandardCharsets.UTF_8));
    }

    private byte[] chunkedBody() throws IOException {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String size = line();
        if (size == null) {
          throw new EOFException("the server closed the connection in a chunk");
        }
        int semi = size.indexOf(';');
        int n = Integer.parseInt((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
        if (n == 0) {
          String trailer;
          while ((trailer = line()) != null && !trailer.isEmpty()) {
            // Trailers are not used.
          }
          return body.toByteArray();
        }
        byte[] chunk = in.readNBytes(n);
        if (chunk.length < n) {
          throw new EOFException("the server closed the connection in a chunk");
        }
        body.write(chunk);
        line();
      }
    }

    /** One header line without its CRLF, or {@code null} at end of stream. */
    private @Nullable String line() throws IOException {
      StringBuilder sb = new StringBuilder(64);
      int b;
      while ((b = in.read()) != -1) {
        if (b == '\n') {
          int end = sb.length();
          if (end > 0 && sb.charAt(end - 1) == '\r') {
            sb.setLength(end - 1);
          }
          return sb.toString();
        }
        if (sb.length() >= MAX_HEADER_LINE) {
          throw new IOException("header line longer than " + MAX_HEADER_LINE);
        }
        sb.append((char) b);
      }
      return sb.isEmpty() ? null : sb.toString();
    }

    void close() {
      open.remove(this);
      try {
        socket.close();
      } catch (IOException e) {
        // Closing a socket that is already broken.
      }
    }
  }
}
