package dev.blacksmith.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.destination.Destination;
import dev.blacksmith.destination.Schedule;
import dev.blacksmith.engine.Application;
import dev.blacksmith.engine.Options;
import dev.blacksmith.source.Mode;
import dev.blacksmith.source.Source;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class DemoApplicationTest {

  @Test
  void demo_application_is_what_blacksmith_start_finds() {
    assertThat(ServiceLoader.load(Application.class).stream())
        .singleElement()
        .satisfies(p -> assertThat(p.type()).isEqualTo(DemoApplication.class));
  }

  @Test
  void configure_adds_source_demo_and_destinations_file_and_warehouse() {
    Options.Builder builder = Options.builder();
    new DemoApplication(new DemoSettings(Path.of("e.jsonl"), Path.of("w.db")), Clock.systemUTC())
        .configure(builder);
    Options options = builder.build();

    assertThat(options.sources())
        .singleElement()
        .satisfies(source -> {
          assertThat(source.name()).isEqualTo("demo");
          assertThat(source.triggers()).containsOnlyKeys("events", "heartbeat");
          assertThat(source.triggers().get("events").mode()).isEqualTo(Mode.HTTP);
          assertThat(source.triggers().get("heartbeat").mode()).isEqualTo(Mode.CRON);
        });
    assertThat(options.destinations())
        .extracting(Destination::name)
        .containsExactlyInAnyOrder("file", "warehouse");
  }

  @Test
  void file_append_is_realtime_and_warehouse_insert_runs_every_ten_seconds() {
    Options.Builder builder = Options.builder();
    new DemoApplication().configure(builder);
    Map<String, Destination> byName =
        builder.build().destinations().stream()
            .collect(java.util.stream.Collectors.toMap(Destination::name, d -> d));

    Schedule append = byName.get("file").actions().get("append").schedule();
    Schedule insert = byName.get("warehouse").actions().get("insert").schedule();
    assertThat(append.realtime()).isTrue();
    assertThat(insert.realtime()).isFalse();
    assertThat(insert.interval()).isEqualTo("@every 10s");
  }

  @Test
  void settings_default_to_files_under_data() {
    DemoSettings settings = DemoSettings.fromEnvironment(Map.of("DEMO_FILE_PATH", " "));

    assertThat(settings.eventsFile()).isEqualTo(Path.of("data/events.jsonl"));
    assertThat(settings.warehouseFile()).isEqualTo(Path.of("data/warehouse.db"));
  }

  @Test
  void settings_come_from_the_environment() {
    DemoSettings settings =
        DemoSettings.fromEnvironment(
            Map.of("DEMO_FILE_PATH", "/tmp/e.jsonl", "DEMO_WAREHOUSE_PATH", "/tmp/w.db"));

    assertThat(settings).isEqualTo(new DemoSettings(Path.of("/tmp/e.jsonl"), Path.of("/tmp/w.db")));
  }

  @Test
  void source_is_named_demo() {
    Source source = new DemoSource(Clock.systemUTC());
    assertThat(source.name()).isEqualTo("demo");
  }
}
