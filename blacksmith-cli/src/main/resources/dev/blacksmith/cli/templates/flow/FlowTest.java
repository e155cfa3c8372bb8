package {{package}};

import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.source.Event;
import dev.blacksmith.testkit.authoring.Routing;
import org.junit.jupiter.api.Test;

/**
 * Follows events through {@link {{Name}}Flow} with the test kit's {@link Routing}, which applies the
 * gateway's rule that a disabled flow creates no jobs.
 */
class {{Name}}FlowTest {

  @Test
  void is_enabled() {
    assertThat(new {{Name}}Flow("{}").options().enabled()).isTrue();
  }

  @Test
  void an_event_goes_to_the_actions_the_flow_names() throws Exception {
    Event event = Event.builder().dataJson("{}").flow(new {{Name}}Flow("{}")).build();

    // Name the actions here as the flow gains them, such as containsExactly("crm/upsert").
    assertThat(Routing.names(Routing.actionsOf(event))).isEmpty();
  }
}
