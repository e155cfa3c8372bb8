package {{package}};

import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.store.Job;
import dev.blacksmith.testkit.authoring.ActionHarness;
import dev.blacksmith.testkit.authoring.LoadResult;
{{#migrations}}
import dev.blacksmith.wanderer.Migration;
{{/migrations}}
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link {{Name}}Action} as Blacksmith would, with the test kit: {@link ActionHarness}
 * marshals events into jobs and loads queues of them, deciding each job's outcome with the
 * scheduler's rules. The service is a fake client that records what it receives.
 */
class {{Name}}ActionTest {

  private final List<String> sent = new CopyOnWriteArrayList<>();
  private final ActionHarness harness =
      ActionHarness.of({{Name}}Action.loadingWith((toolkit, job) -> sent.add(job.data())));

  @Test
  void marshal_keeps_the_event_data_as_the_job_data() throws Exception {
    Job job = harness.marshal({{Name}}Action.withData("{\"email\":\"ada@example.com\"}"));

    assertThat(job.action()).isEqualTo({{Name}}Action.NAME);
    assertThat(job.data()).isEqualTo("{\"email\":\"ada@example.com\"}");
  }

  @Test
  void each_job_of_a_queue_is_sent_and_succeeds() throws Exception {
    Job first = harness.marshal({{Name}}Action.withData("{\"n\":1}"));
    Job second = harness.marshal({{Name}}Action.withData("{\"n\":2}"));

    LoadResult result = harness.load(first, second);

    assertThat(result.succeeded()).containsExactly(first.id(), second.id());
    assertThat(sent).containsExactly("{\"n\":1}", "{\"n\":2}");
  }

  @Test
  void a_job_the_service_refuses_fails_then_is_discarded_once_its_retries_are_used()
      throws Exception {
    ActionHarness refusing =
        ActionHarness.of(
            {{Name}}Action.loadingWith((toolkit, job) -> {
              throw new IOException("service unavailable");
            }));
    Job job = refusing.marshal({{Name}}Action.withData("{}"));

    LoadResult first = refusing.load(job);
    LoadResult last = refusing.load(refusing.atAttempt(job, refusing.maxRetries() + 1));

    assertThat(first.failed()).containsExactly(job.id());
    assertThat(first.error(job.id())).hasMessage("service unavailable");
    assertThat(last.discarded()).containsExactly(job.id());
  }
{{#hooks}}

  @Test
  void hooks_log_when_the_action_starts_and_stops() throws Exception {
    harness.init();
    harness.shutdown();

    assertThat(harness.logger().messages())
        .containsExactly("action {{name}} started", "action {{name}} stopped");
  }
{{/hooks}}
{{#migrations}}

  @Test
  void ships_its_first_migration_with_both_scripts() throws Exception {
    List<Migration> migrations = {{Name}}Action.loadingWith({{Name}}Action.Client.LOG).migrations();

    assertThat(migrations).extracting(Migration::name).containsExactly("init");
    assertThat(migrations.get(0).down()).isNotNull();
  }
{{/migrations}}
}
