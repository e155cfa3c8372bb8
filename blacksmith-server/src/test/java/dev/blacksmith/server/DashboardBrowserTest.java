package dev.blacksmith.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.openqa.selenium.support.ui.ExpectedConditions.attributeToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.numberOfElementsToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated;

import dev.blacksmith.server.TestApp.Answer;
import dev.blacksmith.spi.store.Query;
import dev.blacksmith.store.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The dashboard end to end, in headless Chromium against a real server. Each test starts an
 * application holding three orders (a realtime {@code notify} job that succeeded and an hourly
 * {@code export} job that failed, each) and two quiet events ({@code notify} succeeded, {@code
 * archive} not due yet).
 */
class DashboardBrowserTest {

  private static Browser browser;

  @TempDir Path dir;
  private TestApp app;

  @RegisterExtension
  final TestWatcher keepScreenshotOfFailure =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          if (browser == null) {
            return;
          }
          try {
            Path out = Path.of("target", "dashboard-failures");
            Files.createDirectories(out);
            Files.write(
                out.resolve(context.getRequiredTestMethod().getName() + ".png"),
                browser.screenshotOfPage(1440));
          } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
          }
        }
      };

  @BeforeAll
  static void startBrowser() {
    browser = Browser.start(1440, 900);
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @BeforeEach
  void seed() {
    // The browser's console log is read once: drop what earlier tests left in it.
    browser.severeConsoleMessages();
    app = TestApp.start(dir);
    for (int i = 1; i <= 3; i++) {
      order("o-" + i);
    }
    for (int i = 1; i <= 2; i++) {
      quiet("q-" + i);
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> count("notify", Status.SUCCEEDED) == 5);
    app.clock.advance(Duration.ofHours(2));
    app.blacksmith.scheduler().runDue();
    await().atMost(Duration.ofSeconds(20)).until(() -> count("export", Status.FAILED) == 3);
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void
      operator_signs_in_filters_events_opens_a_failed_job_retries_it_and_sees_the_new_transition() {
    browser.open(dashboard());
    signIn(TestApp.ADMIN_TOKEN);

    // The overview: counts from the store, and its charts.
    browser.wait.until(attributeToBe(By.cssSelector("[data-tile=failed]"), "data-count", "3"));
    assertThat(browser.find("[data-tile=succeeded]").getAttribute("data-count")).isEqualTo("5");
    assertThat(browser.find("[data-tile=acknowledged]").getAttribute("data-count")).isEqualTo("2");
    assertThat(browser.find("[data-tile=events] .tile-value").getText()).isEqualTo("5");
    assertThat(browser.find("#chart-outcomes svg.chart-svg")).isNotNull();
    assertThat(browser.all("#chart-levels .legend-item")).hasSize(7);

    // Events, filtered by trigger.
    browser.find("[data-nav=events]").click();
    browser.wait.until(attributeToBe(By.id("event-count"), "data-count", "5"));
    browser.find("#f-triggers").sendKeys("quiet");
    browser.find("#f-apply").click();
    browser.wait.until(attributeToBe(By.id("event-count"), "data-count", "2"));
    assertThat(browser.driver.getCurrentUrl()).endsWith("#/events?triggers=quiet");
    assertThat(rows()).extracting(r -> r.getAttribute("data-trigger")).containsOnly("quiet");
    WebElement triggers = browser.find("#f-triggers");
    triggers.clear();
    triggers.sendKeys("orders");
    browser.find("#f-sources").sendKeys("shop");
    browser.find("#f-apply").click();
    browser.wait.until(attributeToBe(By.id("event-count"), "data-count", "3"));
    assertThat(rows()).extracting(r -> r.getAttribute("data-trigger")).containsOnly("orders");

    // An event with its jobs, then its failed job.
    rows().getFirst().findElement(By.cssSelector("a.id")).click();
    browser.wait.until(numberOfElementsToBe(By.cssSelector("#event-jobs tr[data-id]"), 2));
    WebElement failed = browser.find("#event-jobs tr[data-status=failed]");
    String jobId = failed.getAttribute("data-id");
    failed.findElement(By.cssSelector("a.id")).click();

    browser.waitForText("#job-status", "failed");
    assertThat(browser.find("#job-id").getText()).isEqualTo(jobId);
    assertThat(transitions()).hasSize(4);
    assertThat(transitions().getLast().getAttribute("data-state-after")).isEqualTo("failed");
    assertThat(transitions().getLast().getText()).contains("warehouse is down");
    assertThat(browser.find("#job-discard").isEnabled()).isTrue();

    // Retry: the new transition appears, marked new, and the job is acknowledged again.
    browser.find("#job-retry").click();

    browser.wait.until(numberOfElementsToBe(By.cssSelector("#timeline li.t-item"), 5));
    WebElement added = transitions().getLast();
    assertThat(added.getAttribute("data-state-before")).isEqualTo("failed");
    assertThat(added.getAttribute("data-state-after")).isEqualTo("acknowledged");
    assertThat(added.getAttribute("class")).contains("t-new");
    assertThat(added.getText()).contains("retried by an operator").contains("new");
    assertThat(browser.find("#job-status").getText()).isEqualTo("acknowledged");
    assertThat(browser.find("#job-retry").isEnabled()).isFalse();
    assertThat(browser.waitForText("#toast", "Job retried").getText()).contains("acknowledged");
    assertThat(app.blacksmith.store().findJob(jobId).orElseThrow().status())
        .isEqualTo(Status.ACKNOWLEDGED);
    assertThat(browser.severeConsoleMessages()).isEmpty();
  }

  @Test
  void a_wrong_token_shows_an_error_and_nothing_else() {
    browser.open(dashboard() + "#/jobs");

    signIn("not-the-token");

    assertThat(browser.waitForText("#login-error", "not accepted").getText())
        .contains("401")
        .contains("BLACKSMITH_ADMIN_TOKEN");
    assertThat(browser.all(".topbar")).isEmpty();
    assertThat(browser.all("#job-results")).isEmpty();
    assertThat(browser.sessionStorage()).isEmpty();
    assertThat(browser.find("#login-submit").isEnabled()).isTrue();
  }

  @Test
  void a_token_no_longer_accepted_returns_to_the_login_form() {
    browser.open(dashboard());
    signIn(TestApp.ADMIN_TOKEN);
    browser.find("[data-tile=failed]");
    assertThat(browser.sessionStorage())
        .containsEntry("blacksmith.admin.token", TestApp.ADMIN_TOKEN);

    browser.script("sessionStorage.setItem('blacksmith.admin.token', 'revoked')");
    browser.find("[data-nav=jobs]").click();

    assertThat(browser.waitForText("#login-error", "session ended").isDisplayed()).isTrue();
    assertThat(browser.sessionStorage()).doesNotContainKey("blacksmith.admin.token");
    // Signing in again returns to where the operator was.
    signIn(TestApp.ADMIN_TOKEN);
    browser.wait.until(presenceOfElementLocated(By.id("job-count")));
  }

  @Test
  void signing_out_forgets_the_token() {
    browser.open(dashboard());
    signIn(TestApp.ADMIN_TOKEN);
    browser.find("[data-tile=failed]");

    browser.find("#sign-out").click();

    assertThat(browser.waitForText("#login-error", "Signed out").isDisplayed()).isTrue();
    assertThat(browser.sessionStorage()).isEmpty();
    browser.driver.navigate().refresh();
    assertThat(browser.find("#login-token").isDisplayed()).isTrue();
  }

  @Test
  void jobs_filter_by_status_and_action_and_a_failed_job_is_discarded_after_confirmation() {
    browser.open(dashboard() + "#/jobs?status=failed");
    signIn(TestApp.ADMIN_TOKEN);
    browser.wait.until(attributeToBe(By.id("job-count"), "data-count", "3"));
    assertThat(rows()).extracting(r -> r.getAttribute("data-status")).containsOnly("failed");

    browser.find("[data-status=acknowledged].chip-toggle").click();
    browser.wait.until(attributeToBe(By.id("job-count"), "data-count", "5"));
    browser.find("#f-actions").sendKeys("archive");
    browser.find("#f-apply").click();
    browser.wait.until(attributeToBe(By.id("job-count"), "data-count", "2"));
    assertThat(rows()).extracting(r -> r.getAttribute("data-action")).containsOnly("archive");

    browser.open(dashboard() + "#/jobs?status=failed");
    browser.wait.until(attributeToBe(By.id("job-count"), "data-count", "3"));
    String jobId = rows().getFirst().getAttribute("data-id");
    rows().getFirst().findElement(By.cssSelector("td:nth-child(3)")).click();
    browser.waitForText("#job-status", "failed");
    browser.find("#job-discard").click();
    browser.wait.until(d -> d.switchTo().alert()).accept();

    browser.wait.until(numberOfElementsToBe(By.cssSelector("#timeline li.t-item"), 5));
    assertThat(transitions().getLast().getAttribute("data-state-after")).isEqualTo("discarded");
    assertThat(transitions().getLast().getText()).contains("discarded by an operator");
    assertThat(browser.find("#job-status").getText()).isEqualTo("discarded");
    assertThat(browser.find("#job-discard").isEnabled()).isFalse();
    assertThat(browser.find("#job-retry").isEnabled()).isTrue();
    assertThat(app.blacksmith.store().findJob(jobId).orElseThrow().status())
        .isEqualTo(Status.DISCARDED);
  }

  @Test
  void retry_matching_retries_every_failed_job_of_the_filter_after_confirmation() {
    browser.open(dashboard() + "#/jobs?status=failed&actions=export");
    signIn(TestApp.ADMIN_TOKEN);
    browser.wait.until(attributeToBe(By.id("job-count"), "data-count", "3"));

    browser.find("#retry-matching").click();
    assertThat(browser.wait.until(d -> d.switchTo().alert()).getText())
        .contains("Retry every failed job matching these filters?");
    browser.driver.switchTo().alert().accept();

    assertThat(browser.waitForText("#toast", "3 jobs retried").isDisplayed()).isTrue();
    browser.wait.until(attributeToBe(By.id("job-count"), "data-count", "0"));
    assertThat(count("export", Status.ACKNOWLEDGED)).isEqualTo(3);
    assertThat(browser.all("#retry-matching")).isEmpty();
  }

  @Test
  void events_are_paged_with_the_api_s_pagination() {
    for (int i = 3; i <= 10; i++) {
      quiet("q-" + i);
    }
    browser.open(dashboard() + "#/events?limit=10");
    signIn(TestApp.ADMIN_TOKEN);

    browser.wait.until(attributeToBe(By.id("event-count"), "data-count", "13"));
    assertThat(rows()).hasSize(10);
    assertThat(browser.find(".pager-range").getText()).isEqualTo("1–10 of 13");
    assertThat(browser.find(".pager-current").getText()).isEqualTo("Page 1 of 2");
    browser.find("a[data-page=next]").click();

    browser.waitForText(".pager-range", "11–13 of 13");
    assertThat(rows()).hasSize(3);
    assertThat(browser.find("[data-page=next]").getTagName()).isEqualTo("span");
    assertThat(browser.driver.getCurrentUrl()).endsWith("#/events?page=2&limit=10");
  }

  @Test
  void events_filter_by_the_time_they_were_received_in_utc() {
    app.clock.advance(Duration.ofMinutes(30));
    quiet("late");
    browser.open(dashboard() + "#/events");
    signIn(TestApp.ADMIN_TOKEN);
    browser.wait.until(attributeToBe(By.id("event-count"), "data-count", "6"));

    // The seed's events came at 10:00 UTC; the late one at 12:30.
    browser.find("#f-after").sendKeys("2024-05-01 12:00");
    browser.find("#f-apply").click();
    browser.wait.until(attributeToBe(By.id("event-count"), "data-count", "1"));
    WebElement after = browser.find("#f-after");
    after.clear();
    after.sendKeys("2024-05-01T14:00:00+02:00");
    browser.find("#f-apply").click();
    browser.wait.until(attributeToBe(By.id("event-count"), "data-count", "1"));
    browser.find("#f-before").sendKeys("2024-05-01 12:00");
    browser.find("#f-apply").click();
    browser.wait.until(attributeToBe(By.id("event-count"), "data-count", "0"));
    assertThat(browser.find("#event-results .empty").getText())
        .isEqualTo("No event matches these filters.");

    after = browser.find("#f-after");
    after.clear();
    after.sendKeys("yesterday");
    browser.find("#f-apply").click();
    assertThat(browser.waitForText("#event-results .alert-error", "refused").getText())
        .contains("events.received_after must be an ISO-8601 date or date-time");
  }

  @Test
  void a_filter_the_api_refuses_shows_its_validation() {
    browser.open(dashboard() + "#/jobs?min_attempts=-1");
    signIn(TestApp.ADMIN_TOKEN);

    assertThat(browser.waitForText("#job-results .alert-error", "refused").getText())
        .contains("jobs.min_attempts must be 0 or more, was -1");
  }

  @Test
  void sources_and_destinations_show_modes_schedules_counts_and_failing_rates() {
    browser.open(dashboard() + "#/destinations");
    signIn(TestApp.ADMIN_TOKEN);

    WebElement export = browser.find("tr[data-action='warehouse/export']");
    assertThat(export.getText()).contains("@every 1h").contains("100%");
    WebElement notify = browser.find("tr[data-action='warehouse/notify']");
    assertThat(notify.getText()).contains("realtime").contains("0%");
    assertThat(notify.findElements(By.cssSelector(".status-bar .seg"))).hasSize(1);
    assertThat(browser.find("tr[data-action='warehouse/archive']").getText()).contains("—");

    browser.find("[data-nav=sources]").click();
    WebElement orders = browser.find("tr[data-trigger='shop/orders']");
    assertThat(orders.getText()).contains("POST|PUT /shop/{tenant}/orders").contains("http");
    assertThat(orders.findElement(By.cssSelector("td.num a")).getText()).isEqualTo("3");
    orders.findElement(By.cssSelector("td.num a")).click();
    browser.wait.until(attributeToBe(By.id("event-count"), "data-count", "3"));
  }

  @Test
  void the_overview_draws_the_sampled_history_and_its_legend_hides_a_series() {
    Stats stats = app.server.stats();
    stats.sample();
    for (int i = 4; i <= 6; i++) {
      app.clock.advance(Duration.ofSeconds(10));
      order("o-" + i);
      int expected = 5 + i - 3;
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> count("notify", Status.SUCCEEDED) == expected);
      stats.sample();
    }

    browser.open(dashboard());
    signIn(TestApp.ADMIN_TOKEN);

    browser.wait.until(presenceOfElementLocated(By.cssSelector("#chart-outcomes svg rect[fill]")));
    assertThat(browser.all("#chart-outcomes svg .data rect")).hasSizeGreaterThanOrEqualTo(3);
    assertThat(browser.all("#chart-events svg .data path")).isNotEmpty();
    WebElement succeeded = browser.find("#chart-outcomes [data-series=jobs_succeeded]");
    assertThat(succeeded.getText()).contains("Succeeded").contains("3");

    new Actions(browser.driver)
        .moveToElement(browser.find("#chart-outcomes svg .overlay"))
        .perform();
    assertThat(browser.find("#chart-outcomes .chart-tip.show").getText()).contains("UTC");

    succeeded.click();
    browser.wait.until(
        attributeToBe(
            By.cssSelector("#chart-outcomes [data-series=jobs_succeeded]"),
            "aria-pressed",
            "false"));
    assertThat(browser.all("#chart-outcomes svg .data rect")).isEmpty();
    assertThat(browser.severeConsoleMessages()).isEmpty();
  }

  @Test
  void an_id_typed_in_the_top_bar_opens_its_job_or_event() {
    String eventId = app.blacksmith.store().findEvents(Query.all()).items().getFirst().id();
    browser.open(dashboard());
    signIn(TestApp.ADMIN_TOKEN);
    browser.find("[data-tile=failed]");

    browser.find("#jump").sendKeys(eventId + "\n");

    browser.waitForText("#event-id", eventId);
    assertThat(browser.driver.getCurrentUrl()).endsWith("#/events/" + eventId);
    browser.find("#jump").sendKeys("no-such-id\n");
    assertThat(browser.waitForText("#toast", "No event or job").getText()).contains("no-such-id");
  }

  private void signIn(String token) {
    WebElement input = browser.find("#login-token");
    input.clear();
    input.sendKeys(token);
    browser.find("#login-submit").click();
  }

  private List<WebElement> rows() {
    return browser.all("tbody tr[data-id]");
  }

  private List<WebElement> transitions() {
    return browser.all("#timeline li.t-item");
  }

  private String dashboard() {
    return "http://127.0.0.1:" + app.scheduler() + "/admin/";
  }

  private void order(String id) {
    Answer answer = app.post(app.gateway(), "/shop/acme/orders", "{\"id\":\"" + id + "\"}");
    assertThat(answer.status()).as(answer.body()).isEqualTo(202);
  }

  private void quiet(String id) {
    Answer answer = app.post(app.gateway(), "/shop/quiet", "{\"id\":\"" + id + "\"}");
    assertThat(answer.status()).as(answer.body()).isEqualTo(202);
  }

  private long count(String action, Status status) {
    return app.blacksmith
        .store()
        .findJobs(
            Query.all()
                .withJobs(
                    new Query.JobFilter(
                        java.util.Set.of(),
                        java.util.Set.of(),
                        java.util.Set.of(action),
                        java.util.Set.of(),
                        java.util.Set.of(status),
                        java.util.Set.of(),
                        null,
                        null,
                        null))
                .withPage(0, 1))
        .count();
  }
}
