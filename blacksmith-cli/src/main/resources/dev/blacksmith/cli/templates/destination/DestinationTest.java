package {{package}};

import static org.assertj.core.api.Assertions.assertThat;

{{#hooks}}
import dev.blacksmith.destination.Toolkit;
import dev.blacksmith.testkit.authoring.RecordingLogger;
{{/hooks}}
import dev.blacksmith.testkit.authoring.Registrations;
{{#migrations}}
import dev.blacksmith.wanderer.Migration;
import java.util.List;
{{/migrations}}
import org.junit.jupiter.api.Test;

/**
 * Checks {@link {{Name}}Destination} as Blacksmith will at start-up. Test each action with its own
 * test and the test kit's {@code ActionHarness}.
 */
class {{Name}}DestinationTest {

  private final {{Name}}Destination destination = new {{Name}}Destination();

  @Test
  void blacksmith_accepts_it_with_each_action_under_its_own_name() {
    Registrations.assertValid(destination);

    assertThat(destination.name()).isEqualTo("{{name}}");
    destination.actions().forEach((name, action) -> assertThat(action.name()).isEqualTo(name));
  }
{{#hooks}}

  @Test
  void hooks_log_when_the_destination_starts_and_stops() throws Exception {
    RecordingLogger logger = new RecordingLogger();
    Toolkit toolkit = new Toolkit(logger, null, null, null);

    destination.init(toolkit);
    destination.shutdown(toolkit);

    assertThat(logger.messages())
        .containsExactly("destination {{name}} started", "destination {{name}} stopped");
  }
{{/hooks}}
{{#migrations}}

  @Test
  void ships_its_first_migration_with_both_scripts() throws Exception {
    List<Migration> migrations = destination.migrations();

    assertThat(migrations).extracting(Migration::name).containsExactly("init");
    assertThat(migrations.get(0).down()).isNotNull();
  }
{{/migrations}}
}
