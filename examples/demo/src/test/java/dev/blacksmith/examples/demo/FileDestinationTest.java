package dev.blacksmith.examples.demo;

import static dev.blacksmith.examples.demo.TestQueues.TOOLKIT;
import static dev.blacksmith.examples.demo.TestQueues.event;
import static dev.blacksmith.examples.demo.TestQueues.queueOf;
import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Then;
import dev.blacksmith.json.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class FileDestinationTest {

  @TempDir Path dir;

  private List<Then> load(FileDestination destination, dev.blacksmith.store.Queue queue)
      throws Exception {
    TestQueues.Thens thens = new TestQueues.Thens();
    Action append = destination.actions().get("append");
    append.load(TOOLKIT, queue, thens::send);
    return thens.reported;
  }

  @Test
  void queue_is_appended_as_one_json_line_per_job_with_job_and_event_ids() throws Exception {
    Path path = dir.resolve("data/events.jsonl");
    FileDestination file = new FileDestination(path);
    file.init(TOOLKIT);

    List<Then> thens =
        load(
            file,
            queueOf(
                event("e1", "{\"n\":1}", "j1"), event("e2", "{\"n\":2,\"s\":\"a\\nb\"}", "j2")));
    file.shutdown(TOOLKIT);

    assertThat(thens).containsExactly(Then.succeeded());
    List<String> lines = Files.readAllLines(path);
    assertThat(lines).hasSize(2);
    JsonNode first = Json.tree(lines.get(0));
    assertThat(first.get("job_id").stringValue()).isEqualTo("j1");
    assertThat(first.get("event_id").stringValue()).isEqualTo("e1");
    assertThat(first.get("created_at").stringValue()).isEqualTo("2025-03-01T10:00:00Z");
    assertThat(first.get("data")).isEqualTo(Json.tree("{\"n\":1}"));
    assertThat(first.get("context").get("user_agent").stringValue()).isEqualTo("curl/8.5.0");
    JsonNode second = Json.tree(lines.get(1));
    assertThat(second.get("job_id").stringValue()).isEqualTo("j2");
    assertThat(second.get("data").get("s").stringValue()).isEqualTo("a\nb");
  }

  @Test
  void whole_queue_is_written_then_forced_to_disk_once() throws Exception {
    Path path = dir.resolve("events.jsonl");
    RecordingChannel[] channel = new RecordingChannel[1];
    JsonLinesFile recorded =
        new JsonLinesFile(
            path,
            p -> channel[0] = new RecordingChannel(FileChannel.open(p, CREATE, WRITE, APPEND)));
    FileDestination file = new FileDestination(recorded);
    file.init(TOOLKIT);

    load(file, queueOf(event("e1", "{}", "j1", "j2"), event("e2", "{}", "j3")));

    assertThat(channel[0].calls).containsExactly("write", "force");
    assertThat(Files.readAllLines(path)).hasSize(3);
    file.shutdown(TOOLKIT);
  }

  @Test
  void lines_are_appended_after_those_of_earlier_runs() throws Exception {
    Path path = dir.resolve("events.jsonl");
    FileDestination first = new FileDestination(path);
    first.init(TOOLKIT);
    load(first, queueOf(event("e1", "{}", "j1")));
    first.shutdown(TOOLKIT);

    FileDestination second = new FileDestination(path);
    second.init(TOOLKIT);
    load(second, queueOf(event("e2", "{}", "j2")));
    second.shutdown(TOOLKIT);

    assertThat(Files.readAllLines(path))
        .extracting(line -> Json.tree(line).get("job_id").stringValue())
        .containsExactly("j1", "j2");
  }

  @Test
  void half_a_line_left_by_a_crash_is_not_glued_to_the_next_line() throws Exception {
    Path path = dir.resolve("events.jsonl");
    Files.writeString(path, "{\"job_id\":\"j0\"}\n{\"job_id\":\"j1\",\"da");
    FileDestination file = new FileDestination(path);
    file.init(TOOLKIT);

    load(file, queueOf(event("e2", "{}", "j2")));
    file.shutdown(TOOLKIT);

    List<String> lines = Files.readAllLines(path);
    assertThat(lines).hasSize(3);
    assertThat(Json.tree(lines.get(2)).get("job_id").stringValue()).isEqualTo("j2");
  }

  @Test
  void failed_fsync_fails_the_queue_and_leaves_the_file_as_it_was() throws Exception {
    Path path = dir.resolve("events.jsonl");
    RecordingChannel[] channel = new RecordingChannel[1];
    FileDestination file =
        new FileDestination(
            new JsonLinesFile(
                path,
                p ->
                    channel[0] = new RecordingChannel(FileChannel.open(p, CREATE, WRITE, APPEND))));
    file.init(TOOLKIT);
    load(file, queueOf(event("e1", "{}", "j1")));
    String before = Files.readString(path);

    channel[0].failNextForce = true;
    List<Then> thens = load(file, queueOf(event("e2", "{}", "j2", "j3")));

    assertThat(thens)
        .singleElement()
        .satisfies(then -> {
          assertThat(then.isForWholeQueue()).isTrue();
          assertThat(then.error())
              .isInstanceOf(IOException.class)
              .hasMessage("simulated fsync failure");
        });
    assertThat(Files.readString(path)).isEqualTo(before);
    file.shutdown(TOOLKIT);
  }

  @Test
  void write_error_on_a_full_disk_fails_the_whole_queue() throws Exception {
    Path full = Path.of("/dev/full");
    assumeThat(Files.isWritable(full)).as("/dev/full exists on Linux").isTrue();
    FileDestination file = new FileDestination(full);
    file.init(TOOLKIT);

    List<Then> thens = load(file, queueOf(event("e1", "{}", "j1", "j2")));
    file.shutdown(TOOLKIT);

    assertThat(thens)
        .singleElement()
        .satisfies(then -> {
          assertThat(then.isForWholeQueue()).isTrue();
          assertThat(then.forceDiscard()).isFalse();
          assertThat(then.error()).isInstanceOf(IOException.class);
        });
  }

  @Test
  void load_before_init_fails_the_queue_rather_than_losing_it() throws Exception {
    FileDestination file = new FileDestination(dir.resolve("events.jsonl"));

    List<Then> thens = load(file, queueOf(event("e1", "{}", "j1")));

    assertThat(thens)
        .singleElement()
        .satisfies(then ->
            assertThat(then.error())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not open"));
  }

  @Test
  void init_fails_when_the_path_is_a_directory() {
    FileDestination file = new FileDestination(dir);

    assertThatThrownBy(() -> file.init(TOOLKIT))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot open " + dir.toAbsolutePath() + " for appending");
  }
}
