package {{package}};

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.source.Event;
import dev.blacksmith.source.ExtractException;
import dev.blacksmith.source.Toolkit;
import dev.blacksmith.testkit.authoring.HttpRequests;
import dev.blacksmith.testkit.authoring.RecordingLogger;
{{#migrations}}
import dev.blacksmith.wanderer.Migration;
import java.util.List;
{{/migrations}}
import org.junit.jupiter.api.Test;

/** Feeds {@link {{Name}}Trigger} requests built with the test kit's {@link HttpRequests}. */
class {{Name}}TriggerTest {

  private final {{Name}}Trigger trigger = new {{Name}}Trigger();
  private final Toolkit toolkit = new Toolkit(new RecordingLogger(), null);

  @Test
  void a_json_object_becomes_the_event_data() throws Exception {
    Event event =
        trigger.extract(
            toolkit, HttpRequests.post("{{route}}").json("{\"sku\":\"A1\",\"qty\":2}").build());

    assertThat(event.data()).isEqualTo("{\"sku\":\"A1\",\"qty\":2}");
  }

  @Test
  void a_body_that_is_not_a_json_object_is_refused_with_a_400() {
    assertThatThrownBy(
            () -> trigger.extract(toolkit, HttpRequests.post("{{route}}").json("[1,2]").build()))
        .isInstanceOfSatisfying(
            ExtractException.class, e -> assertThat(e.statusCode()).isEqualTo(400))
        .hasMessage("body must be a JSON object");
  }

  @Test
  void a_body_that_is_not_json_is_refused_with_a_400() {
    assertThatThrownBy(
            () -> trigger.extract(toolkit, HttpRequests.post("{{route}}").json("{oops").build()))
        .isInstanceOfSatisfying(
            ExtractException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
  }
{{hooksTestPart}}{{migrationsTestPart}}}
