package dev.blacksmith.testkit.authoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.destination.Actions;
import dev.blacksmith.flow.Flow;
import dev.blacksmith.flow.Options;
import dev.blacksmith.flow.Toolkit;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.SubEvent;
import dev.blacksmith.testkit.authoring.TestDestination.TestAction;
import org.junit.jupiter.api.Test;

class RoutingTest {

  private record ToCrm(boolean enabled) implements Flow {
    @Override
    public Options options() {
      return enabled ? Options.ENABLED : Options.DISABLED;
    }

    @Override
    public Actions transform(Toolkit toolkit) {
      toolkit.logger().info("routing to crm");
      return Actions.of("crm", TestAction.carrying("upsert", "{}"));
    }
  }

  @Test
  void an_event_goes_to_its_own_actions_and_those_of_its_enabled_flows_only() throws Exception {
    Event event =
        Event.builder()
            .actions(Actions.of("warehouse", TestAction.carrying("insert", "{}")))
            .flow(new ToCrm(true), new ToCrm(false))
            .build();
    RecordingLogger logger = new RecordingLogger();

    Actions actions = Routing.actionsOf(event, new Toolkit(logger));

    assertThat(Routing.names(actions)).containsExactly("warehouse/insert", "crm/upsert");
    assertThat(logger.messages()).containsExactly("routing to crm");
  }

  @Test
  void a_sub_event_goes_where_its_own_flows_say() throws Exception {
    SubEvent sub = SubEvent.of("{}", new ToCrm(true));

    assertThat(Routing.names(Routing.actionsOf(sub, new Toolkit(new RecordingLogger()))))
        .containsExactly("crm/upsert");
    assertThat(Routing.names(Routing.actionsOf(Event.builder().subEvent(sub).build()))).isEmpty();
  }
}
