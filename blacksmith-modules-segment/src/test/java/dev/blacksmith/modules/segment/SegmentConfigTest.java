package dev.blacksmith.modules.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.source.HttpTrigger;
import dev.blacksmith.source.Toolkit;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Configuring the source without code: a YAML file and {@code BLACKSMITH_SEGMENT_*} variables. */
class SegmentConfigTest {

  @TempDir Path dir;

  private Path file(String yaml) throws Exception {
    Path f = dir.resolve("segment.yml");
    Files.writeString(f, yaml);
    return f;
  }

  /** Whether {@code source} takes a track call sent with {@code key} as basic auth user. */
  private static boolean accepts(SegmentSource source, String key) {
    HttpTrigger track = (HttpTrigger) source.triggers().get("track");
    try {
      track.extract(
          new Toolkit(LoggerFactory.getLogger("test"), null),
          Requests.post(source.basePath() + "/v1/track")
              .basicAuth(key)
              .json("{\"userId\":\"u\",\"event\":\"e\"}")
              .build());
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void a_yaml_file_sets_every_setting() throws Exception {
    Path f =
        file(
            """
            name: segment-web
            basePath: /segment
            writeKeys: [wk_web_1, wk_web_2]
            maxCallBytes: 16384
            maxBatchBytes: 262144
            flows:
              forward:
                - calls: [track]
                  events: [Order Completed, Signed Up]
                  destination: http
                  action: post
                - calls: [identify, group]
                  destination: warehouse
                  action: run-operation
                - calls: "*"
                  destination: audit
                  action: record
            """);

    SegmentSource source = SegmentSource.builder().configFile(f).build();

    assertThat(source.name()).isEqualTo("segment-web");
    assertThat(source.basePath()).isEqualTo("/segment");
    assertThat(((HttpTrigger) source.triggers().get("batch")).route().path())
        .isEqualTo("/segment/v1/batch");
    assertThat(source.maxCallBytes()).isEqualTo(16384);
    assertThat(source.maxBatchBytes()).isEqualTo(262144);
    assertThat(source.flows().enabled()).isTrue();
    assertThat(source.flows().describe())
        .containsExactly(
            "track[Order Completed, Signed Up] -> http/post",
            "identify,group -> warehouse/run-operation",
            "* -> audit/record");
    assertThat(accepts(source, "wk_web_2")).isTrue();
    assertThat(accepts(source, "wk_other")).isFalse();
  }

  @Test
  void environment_variables_apply_over_the_file_they_name() throws Exception {
    Path f =
        file(
            """
            writeKeys: [wk_from_file]
            flows:
              enabled: true
              forward:
                - calls: [track]
                  destination: http
                  action: post
            """);

    SegmentSource source =
        SegmentSource.fromEnvironment(
            Map.of(
                "BLACKSMITH_SEGMENT_CONFIG", f.toString(),
                "BLACKSMITH_SEGMENT_WRITE_KEYS", " wk_env_1, wk_env_2 ",
                "BLACKSMITH_SEGMENT_MAX_BATCH_BYTES", "100000",
                "BLACKSMITH_SEGMENT_FLOWS_ENABLED", "false",
                "UNRELATED", "x"));

    assertThat(accepts(source, "wk_env_1")).isTrue();
    assertThat(accepts(source, "wk_env_2")).isTrue();
    assertThat(accepts(source, "wk_from_file"))
        .as("the variable replaces the file's keys")
        .isFalse();
    assertThat(source.maxBatchBytes()).isEqualTo(100000);
    assertThat(source.flows().describe()).containsExactly("track -> http/post");
    assertThat(source.flows().enabled()).isFalse();
  }

  @Test
  void forward_rules_can_be_given_in_one_variable() {
    SegmentSource source =
        SegmentSource.fromEnvironment(
            Map.of(
                "BLACKSMITH_SEGMENT_WRITE_KEYS", "wk",
                "BLACKSMITH_SEGMENT_NAME", "segment-ios",
                "BLACKSMITH_SEGMENT_BASE_PATH", "/ios",
                "BLACKSMITH_SEGMENT_FORWARD",
                    "track, screen = http/post ; identify=warehouse/run-operation;*=audit/record"));

    assertThat(source.name()).isEqualTo("segment-ios");
    assertThat(source.basePath()).isEqualTo("/ios");
    assertThat(source.flows().describe())
        .containsExactly(
            "track,screen -> http/post",
            "identify -> warehouse/run-operation",
            "* -> audit/record");
  }

  @Test
  void java_settings_are_kept_unless_the_environment_sets_them() {
    SegmentFlows java = SegmentFlows.builder().forward("crm", "upsert", CallType.IDENTIFY).build();

    SegmentSource source =
        SegmentSource.builder()
            .writeKeys("wk_java")
            .flows(java)
            .environment(Map.of("BLACKSMITH_SEGMENT_MAX_CALL_BYTES", "1024"))
            .build();

    assertThat(accepts(source, "wk_java")).isTrue();
    assertThat(source.flows()).isSameAs(java);
    assertThat(source.maxCallBytes()).isEqualTo(1024);
  }

  @Test
  void a_malformed_variable_is_named_and_a_write_key_is_not_repeated() {
    assertThatThrownBy(() ->
            SegmentSource.fromEnvironment(
                Map.of(
                    "BLACKSMITH_SEGMENT_WRITE_KEYS", "wk",
                    "BLACKSMITH_SEGMENT_MAX_CALL_BYTES", "32KB")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("BLACKSMITH_SEGMENT_MAX_CALL_BYTES is invalid");
    assertThatThrownBy(() ->
            SegmentSource.fromEnvironment(
                Map.of(
                    "BLACKSMITH_SEGMENT_WRITE_KEYS", "wk",
                    "BLACKSMITH_SEGMENT_FORWARD", "track->http/post")))
        .hasMessageContaining("BLACKSMITH_SEGMENT_FORWARD is invalid")
        .hasMessageContaining("expected calls=destination/action");
    assertThatThrownBy(() ->
            SegmentSource.fromEnvironment(
                Map.of(
                    "BLACKSMITH_SEGMENT_WRITE_KEYS", "wk",
                    "BLACKSMITH_SEGMENT_FORWARD", "purchase=http/post")))
        .hasMessageContaining("unknown Segment call type 'purchase'");
    assertThatThrownBy(
            () -> SegmentSource.fromEnvironment(Map.of("BLACKSMITH_SEGMENT_WRITE_KEYS", " , ")))
        .hasMessageStartingWith("BLACKSMITH_SEGMENT_WRITE_KEYS is invalid");
    assertThatThrownBy(() -> SegmentSource.fromEnvironment(Map.of()))
        .hasMessageContaining("needs at least one write key");
  }

  @Test
  void a_typo_or_wrong_value_in_the_file_is_named_with_the_file() throws Exception {
    Path typo = file("writeKey: [wk]\n");
    assertThatThrownBy(() -> SegmentSource.builder().configFile(typo))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(typo.toString())
        .hasMessageContaining("unknown setting 'writeKey'");

    Path badRule =
        file(
            """
            writeKeys: [wk]
            flows:
              forward:
                - calls: [page]
                  events: [Signed Up]
                  destination: http
                  action: post
            """);
    assertThatThrownBy(() -> SegmentSource.builder().configFile(badRule))
        .hasMessageContaining("flows.forward[0]: events filter track calls only");

    Path missingAction =
        file(
            """
            flows:
              forward:
                - calls: [track]
                  destination: http
                  actoin: post
            """);
    assertThatThrownBy(() -> SegmentSource.builder().configFile(missingAction))
        .hasMessageContaining("unknown setting 'flows.forward[0].actoin'");

    Path badNumber = file("maxCallBytes: lots\n");
    assertThatThrownBy(() -> SegmentSource.builder().configFile(badNumber))
        .hasMessageContaining("maxCallBytes: must be a whole number of bytes");

    Path notYaml = file("writeKeys: [unclosed\n");
    assertThatThrownBy(() -> SegmentSource.builder().configFile(notYaml))
        .hasMessageContaining("is not valid YAML");
  }

  @Test
  void a_missing_file_is_an_io_error_naming_it() {
    Path missing = dir.resolve("nope.yml");

    assertThatThrownBy(() -> SegmentSource.builder().configFile(missing))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("nope.yml");
  }
}
