package dev.blacksmith.modules.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.AliasMessage;
import com.segment.analytics.messages.GroupMessage;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.ScreenMessage;
import com.segment.analytics.messages.TrackMessage;
import dev.blacksmith.json.Json;
import dev.blacksmith.store.Event;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import okio.GzipSink;
import okio.Okio;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Segment's official Java library ({@code com.segment.analytics.java:analytics}), unmodified but
 * for its endpoint, sending to the real gateway. It batches every call and posts it to {@code
 * /v1/import/} with the write key in the body; gzip is the interceptor Segment's own sample adds.
 */
class AnalyticsJavaClientTest {

  private static final String KEY = "wk_java_client";

  @TempDir Path dir;

  private RunningGateway gateway;
  private final List<Message> succeeded = new CopyOnWriteArrayList<>();
  private final List<Throwable> failed = new CopyOnWriteArrayList<>();
  private final List<Request> sent = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    gateway =
        new RunningGateway(
            dir,
            SegmentSource.builder()
                .writeKeys("wk_other", KEY)
                .flows(SegmentFlows.builder().forward("recorder", "record", CallType.TRACK).build())
                .build());
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  private Analytics client(String writeKey, boolean gzip) {
    OkHttpClient.Builder http = new OkHttpClient.Builder();
    if (gzip) {
      http.addInterceptor(new GzipRequests());
    }
    // Sees each request as it goes on the wire, after the library's own interceptors.
    http.addNetworkInterceptor(chain -> {
      sent.add(chain.request());
      return chain.proceed(chain.request());
    });
    return Analytics.builder(writeKey)
        .endpoint(gateway.url())
        .client(http.build())
        .retries(1)
        .callback(
            new Callback() {
              @Override
              public void success(Message message) {
                succeeded.add(message);
              }

              @Override
              public void failure(Message message, Throwable throwable) {
                failed.add(throwable);
              }
            })
        .build();
  }

  @Test
  void calls_of_every_type_arrive_gzipped_as_a_batch_and_become_sub_events() {
    Analytics analytics = client(KEY, true);
    try {
      analytics.enqueue(
          IdentifyMessage.builder().userId("u-1").traits(Map.of("email", "ada@example.com")));
      analytics.enqueue(
          TrackMessage.builder("Order Completed").userId("u-1").properties(Map.of("total", 42)));
      analytics.enqueue(PageMessage.builder("Pricing").anonymousId("a-1"));
      analytics.enqueue(ScreenMessage.builder("Settings").userId("u-1"));
      analytics.enqueue(GroupMessage.builder("acme").userId("u-1").traits(Map.of("seats", 5)));
      analytics.enqueue(AliasMessage.builder("a-1").userId("u-1"));
      analytics.flush();

      await().atMost(Duration.ofSeconds(15)).until(() -> succeeded.size() + failed.size() == 6);
    } finally {
      analytics.shutdown();
    }

    assertThat(failed).isEmpty();
    assertThat(sent).isNotEmpty();
    assertThat(sent)
        .allSatisfy(r -> {
          assertThat(r.url().encodedPath()).isEqualTo("/v1/import/");
          assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        });

    List<Event> parents = gateway.parents();
    assertThat(parents).isNotEmpty().allSatisfy(p -> assertThat(p.trigger()).isEqualTo("import"));
    List<Event> calls = parents.stream().flatMap(p -> gateway.children(p.id()).stream()).toList();
    assertThat(calls)
        .extracting(e -> Json.tree(e.data()).get("messageId").stringValue())
        .containsExactlyInAnyOrderElementsOf(succeeded.stream().map(Message::messageId).toList());
    assertThat(calls)
        .extracting(e -> Json.tree(e.data()).get("type").stringValue())
        .containsExactlyInAnyOrder("identify", "track", "page", "screen", "group", "alias");
    assertThat(calls)
        .allSatisfy(e -> {
          assertThat(e.data()).doesNotContain(KEY);
          assertThat(e.sentAt()).isNotNull();
          assertThat(Json.tree(e.context()).get("library").get("name").stringValue())
              .as("the batch's context reaches every call")
              .isEqualTo("analytics-java");
        });
    JsonNode track =
        calls.stream()
            .map(e -> Json.tree(e.data()))
            .filter(d -> d.get("type").stringValue().equals("track"))
            .findFirst()
            .orElseThrow();
    assertThat(track.get("event").stringValue()).isEqualTo("Order Completed");
    assertThat(track.get("properties").get("total").intValue()).isEqualTo(42);

    await().atMost(Duration.ofSeconds(10)).until(() -> gateway.recorded.size() == 1);
    assertThat(Json.tree(gateway.recorded.get(0))).isEqualTo(track);
  }

  @Test
  void the_library_without_gzip_delivers_the_same_way() {
    Analytics analytics = client(KEY, false);
    try {
      analytics.enqueue(TrackMessage.builder("Signed Up").anonymousId("a-2"));
      analytics.flush();
      await().atMost(Duration.ofSeconds(15)).until(() -> succeeded.size() + failed.size() == 1);
    } finally {
      analytics.shutdown();
    }

    assertThat(failed).isEmpty();
    assertThat(sent).allSatisfy(r -> assertThat(r.header("Content-Encoding")).isNull());
    assertThat(gateway.events())
        .filteredOn(e -> e.parentEventId() != null)
        .extracting(e -> Json.tree(e.data()).get("event").stringValue())
        .containsExactly("Signed Up");
  }

  @Test
  void a_wrong_write_key_fails_the_calls_in_the_library_and_nothing_is_stored() {
    Analytics analytics = client("wk_revoked", true);
    try {
      analytics.enqueue(TrackMessage.builder("Order Completed").userId("u-1"));
      analytics.flush();
      await().atMost(Duration.ofSeconds(15)).until(() -> succeeded.size() + failed.size() == 1);
    } finally {
      analytics.shutdown();
    }

    assertThat(succeeded).isEmpty();
    assertThat(failed).hasSize(1);
    assertThat(failed.get(0))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("the write key is not one this source accepts");
    assertThat(sent).as("a 4xx is not retried").hasSize(1);
    assertThat(gateway.events()).isEmpty();
  }

  /** Compresses request bodies, as Segment's analytics-java sample does with an interceptor. */
  private static final class GzipRequests implements Interceptor {
    @Override
    public Response intercept(Chain chain) throws IOException {
      Request original = chain.request();
      RequestBody body = original.body();
      if (body == null || original.header("Content-Encoding") != null) {
        return chain.proceed(original);
      }
      RequestBody gzipped =
          new RequestBody() {
            @Override
            public MediaType contentType() {
              return body.contentType();
            }

            @Override
            public long contentLength() {
              return -1;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
              try (BufferedSink gzip = Okio.buffer(new GzipSink(sink))) {
                body.writeTo(gzip);
              }
            }
          };
      return chain.proceed(
          original
              .newBuilder()
              .header("Content-Encoding", "gzip")
              .method(original.method(), gzipped)
              .build());
    }
  }
}
