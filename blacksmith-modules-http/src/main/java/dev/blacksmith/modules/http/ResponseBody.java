package dev.blacksmith.modules.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Reads at most {@code limit} bytes of a response body, for as long as the caller allows: the HTTP
 * client's {@code timeout()} only covers the response headers, and an endpoint may send a huge body
 * or drip one byte a minute. The response is handed over as soon as its headers arrive; {@link
 * #await} then waits for the body until a deadline and gives up what it has, closing the connection
 * if the body was cut.
 */
final class ResponseBody implements HttpResponse.BodySubscriber<ResponseBody> {

  /** What was read of a body. */
  record Excerpt(String text, boolean cut, @Nullable String problem) {}

  private final int limit;
  private final ReentrantLock lock = new ReentrantLock();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private volatile Flow.@Nullable Subscription subscription;
  private boolean cut;
  private @Nullable String problem;

  ResponseBody(int limit) {
    this.limit = limit;
  }

  static HttpResponse.BodyHandler<ResponseBody> handler(int limit) {
    return info -> new ResponseBody(limit);
  }

  @Override
  public CompletionStage<ResponseBody> getBody() {
    return CompletableFuture.completedFuture(this);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    boolean full;
    lock.lock();
    try {
      for (ByteBuffer buffer : buffers) {
        int room = limit - bytes.size();
        int take = Math.min(room, buffer.remaining());
        if (take > 0) {
          byte[] chunk = new byte[take];
          buffer.get(chunk);
          bytes.write(chunk, 0, take);
        }
        if (buffer.hasRemaining()) {
          cut = true;
        }
      }
      full = cut;
    } finally {
      lock.unlock();
    }
    Flow.Subscription s = subscription;
    if (full) {
      // Enough for an excerpt: stop reading; the client closes the connection.
      if (s != null) {
        s.cancel();
      }
      done.complete(null);
    } else if (s != null) {
      s.request(1);
    }
  }

  @Override
  public void onError(Throwable error) {
    lock.lock();
    try {
      // After a timeout, the error is the client noticing the cut; the timeout is the story.
      if (problem == null) {
        problem = "reading the response body failed: " + describe(error);
      }
    } finally {
      lock.unlock();
    }
    done.complete(null);
  }

  @Override
  public void onComplete() {
    done.complete(null);
  }

  /**
   * Waits until the body is read, {@code limit} bytes are in, or {@code deadlineNanos} (of {@link
   * System#nanoTime()}) passes, and returns the first {@code excerptBytes} of what came.
   */
  Excerpt await(long deadlineNanos, int excerptBytes) throws InterruptedException {
    long wait = deadlineNanos - System.nanoTime();
    try {
      if (wait <= 0) {
        throw new TimeoutException();
      }
      done.get(wait, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      lock.lock();
      try {
        if (problem == null && !done.isDone()) {
          problem = "the response body did not end in time";
        }
      } finally {
        lock.unlock();
      }
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("the body future never fails", e);
    } catch (InterruptedException e) {
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
      throw e;
    }
    lock.lock();
    try {
      byte[] all = bytes.toByteArray();
      int n = Math.min(all.length, excerptBytes);
      return new Excerpt(decode(all, n), cut || all.length > n, problem);
    } finally {
      lock.unlock();
    }
  }

  /** UTF-8 text of the first {@code n} bytes; a character cut in two at the end is dropped. */
  static String decode(byte[] all, int n) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    CharBuffer out = CharBuffer.allocate(n + 1);
    ByteBuffer in = ByteBuffer.wrap(all, 0, n);
    // Not flushing the decoder leaves out a trailing partial character.
    decoder.decode(in, out, false);
    out.flip();
    return out.toString();
  }

  static String describe(Throwable error) {
    String message = error.getMessage();
    return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
  }
}
