package {{package}};

import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.engine.Accepted;
import dev.blacksmith.engine.Blacksmith;
import dev.blacksmith.engine.HttpEndpoint;
import dev.blacksmith.engine.Options;
import dev.blacksmith.source.HttpRequest;
import dev.blacksmith.testkit.authoring.HttpRequests;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts {@link {{Name}}Application} in the test, on an embedded store in a temporary directory:
 * Blacksmith refuses at start a misnamed action, a clashing route or an invalid schedule, and this
 * catches them before a deployment does.
 */
class {{Name}}ApplicationTest {

  @TempDir Path dir;

  @Test
  void starts_and_stores_an_event_posted_to_its_trigger() throws Exception {
    Options.Builder options = Options.builder();
    new {{Name}}Application().configure(options);
    options.storeUrl("sqlite:" + dir.resolve("blacksmith.db"));

    try (Blacksmith blacksmith = Blacksmith.create(options.build())) {
      blacksmith.start();
      HttpEndpoint events =
          blacksmith.gateway().endpoints().stream()
              .filter(e -> e.trigger().equals({{Trigger}}Trigger.NAME))
              .findFirst()
              .orElseThrow();

      HttpRequest request = HttpRequests.post("{{route}}").json("{\"hello\":\"world\"}").build();
      Accepted accepted = blacksmith.gateway().handle(events, request).get(30, TimeUnit.SECONDS);

      assertThat(accepted.eventId()).isNotNull();
      assertThat(accepted.rejected()).isEmpty();
    }
  }
}
