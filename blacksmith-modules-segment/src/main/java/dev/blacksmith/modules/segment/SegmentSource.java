package dev.blacksmith.modules.segment;

import dev.blacksmith.source.Source;
import dev.blacksmith.source.Toolkit;
import dev.blacksmith.source.Trigger;
import dev.blacksmith.source.WithHooks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Source {@code segment}: the Segment tracking API, so that Segment's client libraries
 * (analytics.js, analytics-java, analytics-python, analytics-node, ...) send to Blacksmith with
 * only their endpoint or host changed.
 *
 * <p>Its triggers answer {@code POST /v1/track}, {@code /v1/identify}, {@code /v1/page}, {@code
 * /v1/screen}, {@code /v1/group}, {@code /v1/alias} (trigger named as the call; one call, one
 * event) and {@code /v1/batch} and {@code /v1/import} (a batch: one event whose sub-events are its
 * calls, of any types). The short routes analytics.js uses, {@code /v1/t}, {@code /v1/i}, {@code
 * /v1/p}, {@code /v1/s}, {@code /v1/g}, {@code /v1/a} and {@code /v1/b}, are triggers named by
 * their letter. Each trigger's name is the last segment of its path. Each call is validated against
 * the Segment spec and stored as sent, with the changes {@link SegmentCall} lists; the event's
 * context is the call's {@code context} and its {@code sentAt} the call's {@code sentAt}, {@code
 * originalTimestamp} or {@code timestamp}.
 *
 * <p>Requests must carry one of the source's write keys, as the user name of HTTP basic
 * authentication or as {@code writeKey} in the body: otherwise {@code 401} and nothing is stored.
 * Bodies may be sent with {@code Content-Encoding: gzip} (or {@code deflate}). A call may have
 * {@value #MAX_CALL_BYTES} bytes and a batch {@value #MAX_BATCH_BYTES} (Segment's limits, measured
 * decompressed): larger gets {@code 413}. An invalid call, or any invalid call of a batch, gets
 * {@code 400} listing what is wrong, and nothing is stored. Accepted requests get the gateway's
 * {@code 202} (Segment answers {@code 200}); Segment's current libraries count any {@code 2xx} as a
 * success.
 *
 * <p>The source checks write keys itself: do not also list it in the gateway's source keys ({@code
 * BLACKSMITH_SOURCE_KEYS}), which are only read from the {@code Authorization} header, while
 * analytics.js and analytics-java send the write key in the body.
 *
 * <p>Build it in Java, from a YAML file, or from the environment:
 *
 * <pre>{@code
 * options.source(SegmentSource.builder()
 *     .writeKeys("wk_live_1", "wk_live_2")
 *     .flows(SegmentFlows.builder().forward("http", "send", CallType.TRACK).build())
 *     .build());
 * options.source(SegmentSource.fromEnvironment(System.getenv()));
 * }</pre>
 */
public final class SegmentSource implements Source, WithHooks {

  /** The source's default name. */
  public static final String NAME = "segment";

  /** The largest call, decompressed, Segment accepts: 32 KB. */
  public static final int MAX_CALL_BYTES = 32 * 1024;

  /** The largest batch, decompressed, Segment accepts: 500 KB. */
  public static final int MAX_BATCH_BYTES = 500 * 1024;

  /** The name of the trigger answering {@code /v1/batch}. */
  public static final String BATCH = "batch";

  /** The name of the trigger answering {@code /v1/import}, Segment's alias of batch. */
  public static final String IMPORT = "import";

  /** The name of the trigger answering {@code /v1/b}, where analytics.js sends its batches. */
  public static final String SHORT_BATCH = "b";

  private final String name;
  private final String basePath;
  private final Intake intake;
  private final Map<String, Trigger> triggers;

  private SegmentSource(Builder b) {
    this.name = b.name;
    this.basePath = b.basePath;
    this.intake = new Intake(new WriteKeys(b.writeKeys), b.maxCallBytes, b.maxBatchBytes, b.flows);
    Map<String, Trigger> t = new LinkedHashMap<>();
    for (CallType type : CallType.values()) {
      t.put(type.value(), new CallTrigger(type.value(), type, basePath, intake));
    }
    t.put(BATCH, new BatchTrigger(BATCH, basePath, intake));
    t.put(IMPORT, new BatchTrigger(IMPORT, basePath, intake));
    // analytics.js (Analytics 2.0) posts to the first letter of the call type, batches to /v1/b.
    for (CallType type : CallType.values()) {
      String letter = type.value().substring(0, 1);
      t.put(letter, new CallTrigger(letter, type, basePath, intake));
    }
    t.put(SHORT_BATCH, new BatchTrigger(SHORT_BATCH, basePath, intake));
    this.triggers = Collections.unmodifiableMap(t);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A source configured by the {@code BLACKSMITH_SEGMENT_*} variables of {@code env}, and by the
   * YAML file {@code BLACKSMITH_SEGMENT_CONFIG} names: see {@link Builder#environment(Map)}.
   *
   * @throws IllegalArgumentException naming the variable or file entry that is wrong, or when no
   *     write key is configured
   */
  public static SegmentSource fromEnvironment(Map<String, String> env) {
    return builder().environment(env).build();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Map<String, Trigger> triggers() {
    return triggers;
  }

  /** The prefix of the routes, such as {@code ""} ({@code /v1/track}) or {@code "/segment"}. */
  public String basePath() {
    return basePath;
  }

  public int maxCallBytes() {
    return intake.maxCallBytes();
  }

  public int maxBatchBytes() {
    return intake.maxBatchBytes();
  }

  public SegmentFlows flows() {
    return intake.flows();
  }

  @Override
  public void init(Toolkit toolkit) {
    toolkit
        .logger()
        .info(
            "source {} takes Segment calls on {}/v1/* with {} write keys; flows: {}",
            name,
            basePath,
            intake.writeKeyCount(),
            intake.flows());
  }

  /** Builds a {@link SegmentSource}; every setting but the write keys has a default. */
  public static final class Builder {
    private String name = NAME;
    private String basePath = "";
    private List<String> writeKeys = new ArrayList<>();
    private int maxCallBytes = MAX_CALL_BYTES;
    private int maxBatchBytes = MAX_BATCH_BYTES;
    private SegmentFlows flows = SegmentFlows.none();

    private Builder() {}

    /** The source's name; {@value SegmentSource#NAME} by default. */
    public Builder name(String value) {
      this.name = value;
      return this;
    }

    /**
     * A prefix for the routes, such as {@code "/segment"} for {@code /segment/v1/track}; empty by
     * default. Clients then take {@code https://host/segment} as their endpoint or host.
     */
    public Builder basePath(String value) {
      String p = value.trim();
      if (!p.isEmpty() && (!p.startsWith("/") || p.endsWith("/") || p.contains("{"))) {
        throw new IllegalArgumentException(
            "basePath must be empty or start with '/', not end with '/' and hold no {parameter},"
                + " was '"
                + value
                + "'");
      }
      this.basePath = p;
      return this;
    }

    /** Replaces the write keys the source accepts. */
    public Builder writeKeys(String... keys) {
      return writeKeys(List.of(keys));
    }

    /** Replaces the write keys the source accepts. */
    public Builder writeKeys(Collection<String> keys) {
      List<String> copy = new ArrayList<>(keys.size());
      for (String key : keys) {
        if (key == null || key.isBlank()) {
          throw new IllegalArgumentException("a write key must not be blank");
        }
        copy.add(key);
      }
      this.writeKeys = copy;
      return this;
    }

    /** The largest call, in bytes once decompressed; {@value SegmentSource#MAX_CALL_BYTES}. */
    public Builder maxCallBytes(int value) {
      this.maxCallBytes = positive(value, "maxCallBytes");
      return this;
    }

    /** The largest batch, in bytes once decompressed; {@value SegmentSource#MAX_BATCH_BYTES}. */
    public Builder maxBatchBytes(int value) {
      this.maxBatchBytes = positive(value, "maxBatchBytes");
      return this;
    }

    /** Where calls go; none by default (calls are stored and go nowhere). */
    public Builder flows(SegmentFlows value) {
      this.flows = value;
      return this;
    }

    /**
     * Applies the YAML file {@code file} over the current settings. Every key is optional:
     *
     * <pre>{@code
     * name: segment
     * basePath: ""
     * writeKeys: [wk_live_1, wk_live_2]
     * maxCallBytes: 32768
     * maxBatchBytes: 512000
     * flows:
     *   enabled: true
     *   forward:
     *     - calls: [track]
     *       events: [Order Completed]
     *       destination: http
     *       action: post
     *     - calls: [identify, group]
     *       destination: warehouse
     *       action: run-operation
     * }</pre>
     *
     * A {@code forward} list replaces the flows set so far.
     *
     * @throws IllegalArgumentException naming the file and the entry that is wrong, unknown keys
     *     included
     * @throws java.io.UncheckedIOException when the file cannot be read
     */
    public Builder configFile(Path file) {
      SegmentConfig.applyFile(file, this);
      return this;
    }

    /**
     * Applies the variables found in {@code env} over the current settings: first the YAML file
     * {@code BLACKSMITH_SEGMENT_CONFIG} names (see {@link #configFile(Path)}), then {@code
     * BLACKSMITH_SEGMENT_NAME}, {@code BLACKSMITH_SEGMENT_BASE_PATH}, {@code
     * BLACKSMITH_SEGMENT_WRITE_KEYS} (comma-separated), {@code BLACKSMITH_SEGMENT_MAX_CALL_BYTES},
     * {@code BLACKSMITH_SEGMENT_MAX_BATCH_BYTES}, {@code BLACKSMITH_SEGMENT_FORWARD} (forward rules
     * replacing the flows: {@code track,page=http/send;identify=sqlike/run-operation}, where {@code
     * *} takes every call type) and {@code BLACKSMITH_SEGMENT_FLOWS_ENABLED} ({@code true} or
     * {@code false}).
     *
     * @throws IllegalArgumentException naming the variable whose value is malformed
     */
    public Builder environment(Map<String, String> env) {
      SegmentConfig.applyEnvironment(env, this);
      return this;
    }

    /**
     * Builds the source.
     *
     * @throws IllegalArgumentException when no write key is set, or a call may be larger than a
     *     batch
     */
    public SegmentSource build() {
      if (writeKeys.isEmpty()) {
        throw new IllegalArgumentException(
            "source "
                + name
                + " needs at least one write key: set BLACKSMITH_SEGMENT_WRITE_KEYS, writeKeys in"
                + " its YAML file, or SegmentSource.builder().writeKeys(...)");
      }
      if (maxCallBytes > maxBatchBytes) {
        throw new IllegalArgumentException(
            "maxCallBytes ("
                + maxCallBytes
                + ") must not exceed maxBatchBytes ("
                + maxBatchBytes
                + ")");
      }
      return new SegmentSource(this);
    }

    SegmentFlows currentFlows() {
      return flows;
    }

    private static int positive(int value, String what) {
      if (value < 1) {
        throw new IllegalArgumentException(what + " must be positive, was " + value);
      }
      return value;
    }
  }
}
