package dev.blacksmith.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Actions;
import dev.blacksmith.destination.Job;
import dev.blacksmith.flow.Toolkit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ToFileAndWarehouseTest {

  private static final String DATA = "{\"hello\":\"world\"}";

  @Test
  void flow_is_enabled_so_it_creates_jobs() {
    assertThat(new ToFileAndWarehouse(DATA).options().enabled()).isTrue();
  }

  @Test
  void each_event_goes_to_file_append_and_warehouse_insert() throws Exception {
    Actions actions =
        new ToFileAndWarehouse(DATA).transform(new Toolkit(LoggerFactory.getLogger("test")));

    Map<String, List<Action>> byDestination = actions.byDestination();
    assertThat(byDestination).containsOnlyKeys("file", "warehouse");
    assertThat(byDestination.get("file"))
        .singleElement()
        .satisfies(a -> {
          assertThat(a).isInstanceOf(Append.class);
          assertThat(a.name()).isEqualTo("append");
        });
    assertThat(byDestination.get("warehouse"))
        .singleElement()
        .satisfies(a -> {
          assertThat(a).isInstanceOf(Insert.class);
          assertThat(a.name()).isEqualTo("insert");
        });
  }

  @Test
  void each_action_marshals_the_event_data_inheriting_context_and_version() throws Exception {
    Actions actions =
        new ToFileAndWarehouse(DATA).transform(new Toolkit(LoggerFactory.getLogger("test")));

    for (List<Action> list : actions.byDestination().values()) {
      Job job = list.get(0).marshal(TestQueues.TOOLKIT);
      assertThat(job).isEqualTo(new Job(null, null, DATA, null));
    }
  }
}
