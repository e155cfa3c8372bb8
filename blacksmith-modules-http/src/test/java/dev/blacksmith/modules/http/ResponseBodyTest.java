package dev.blacksmith.modules.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ResponseBodyTest {

  /** A subscription that records what the subscriber asked of it. */
  static final class RecordingSubscription implements Flow.Subscription {
    long requested;
    boolean cancelled;

    @Override
    public void request(long n) {
      requested += n;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  private static List<ByteBuffer> bytes(int n) {
    return List.of(ByteBuffer.wrap("x".repeat(n).getBytes(StandardCharsets.US_ASCII)));
  }

  private static long soon(long millis) {
    return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
  }

  @Test
  void reading_stops_and_the_connection_is_dropped_once_the_limit_is_reached() throws Exception {
    ResponseBody body = new ResponseBody(1000);
    RecordingSubscription s = new RecordingSubscription();
    body.onSubscribe(s);

    body.onNext(bytes(600));
    assertThat(s.cancelled).isFalse();
    assertThat(s.requested).isEqualTo(2);
    body.onNext(bytes(600));

    assertThat(s.cancelled).isTrue();
    assertThat(s.requested).as("nothing more asked for").isEqualTo(2);
    ResponseBody.Excerpt excerpt = body.await(soon(1000), 100);
    assertThat(excerpt.text()).isEqualTo("x".repeat(100));
    assertThat(excerpt.cut()).isTrue();
    assertThat(excerpt.problem()).isNull();
  }

  @Test
  void a_body_that_does_not_end_by_the_deadline_is_cut_with_what_came() throws Exception {
    ResponseBody body = new ResponseBody(1000);
    RecordingSubscription s = new RecordingSubscription();
    body.onSubscribe(s);
    body.onNext(List.of(ByteBuffer.wrap("{\"partial\":".getBytes(StandardCharsets.UTF_8))));

    ResponseBody.Excerpt excerpt = body.await(soon(50), 100);

    assertThat(s.cancelled).isTrue();
    assertThat(excerpt.text()).isEqualTo("{\"partial\":");
    assertThat(excerpt.problem()).isEqualTo("the response body did not end in time");
  }

  @Test
  void a_complete_small_body_is_read_whole() throws Exception {
    ResponseBody body = new ResponseBody(1000);
    RecordingSubscription s = new RecordingSubscription();
    body.onSubscribe(s);
    body.onNext(List.of(ByteBuffer.wrap("{\"ok\":true}".getBytes(StandardCharsets.UTF_8))));
    body.onComplete();

    ResponseBody.Excerpt excerpt = body.await(soon(1000), 100);

    assertThat(excerpt).isEqualTo(new ResponseBody.Excerpt("{\"ok\":true}", false, null));
    assertThat(s.cancelled).isFalse();
  }

  @Test
  void an_excerpt_never_ends_in_half_a_character() {
    byte[] utf8 = "né".getBytes(StandardCharsets.UTF_8); // 3 bytes: n, then é in two

    assertThat(ResponseBody.decode(utf8, 2)).isEqualTo("n");
    assertThat(ResponseBody.decode(utf8, 3)).isEqualTo("né");
  }
}
