package {{package}};

import static org.assertj.core.api.Assertions.assertThat;

{{#hooks}}
import dev.blacksmith.source.Toolkit;
import dev.blacksmith.testkit.authoring.RecordingLogger;
{{/hooks}}
import dev.blacksmith.testkit.authoring.Registrations;
{{#migrations}}
import dev.blacksmith.wanderer.Migration;
import java.util.List;
{{/migrations}}
import org.junit.jupiter.api.Test;

/** Checks {@link {{Name}}Source} as Blacksmith will at start-up. Test each trigger on its own. */
class {{Name}}SourceTest {

  private final {{Name}}Source source = new {{Name}}Source();

  @Test
  void blacksmith_accepts_it_with_each_trigger_under_its_own_name() {
    Registrations.assertValid(source);

    assertThat(source.name()).isEqualTo("{{name}}");
{{#starter}}
    assertThat(source.triggers()).containsOnlyKeys({{Trigger}}Trigger.NAME);
{{/starter}}
  }
{{#hooks}}

  @Test
  void hooks_log_when_the_source_starts_and_stops() throws Exception {
    RecordingLogger logger = new RecordingLogger();
    Toolkit toolkit = new Toolkit(logger, null);

    source.init(toolkit);
    source.shutdown(toolkit);

    assertThat(logger.messages())
        .containsExactly("source {{name}} started", "source {{name}} stopped");
  }
{{/hooks}}
{{#migrations}}

  @Test
  void ships_its_first_migration_with_both_scripts() throws Exception {
    List<Migration> migrations = source.migrations();

    assertThat(migrations).extracting(Migration::name).containsExactly("init");
    assertThat(migrations.get(0).down()).isNotNull();
  }
{{/migrations}}
}
