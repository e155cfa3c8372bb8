package dev.blacksmith.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.openqa.selenium.support.ui.ExpectedConditions.attributeToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.numberOfElementsToBeMoreThan;
import static org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Destination;
import dev.blacksmith.destination.Schedule;
import dev.blacksmith.destination.Then;
import dev.blacksmith.destination.ThenSink;
import dev.blacksmith.json.Json;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.HttpRequest;
import dev.blacksmith.source.HttpTrigger;
import dev.blacksmith.source.Route;
import dev.blacksmith.source.Source;
import dev.blacksmith.source.Trigger;
import dev.blacksmith.spi.store.Query;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Queue;
import dev.blacksmith.store.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;

/**
 * Writes the dashboard's screenshots for the documentation: an hour of simulated traffic (a
 * storefront whose CRM sometimes fails, the test shop and its warehouse, a CRON and a CDC trigger),
 * sampled every 10 s of the test clock, then the main pages in headless Chromium.
 *
 * <p>Run on demand, from the repository root: {@code ./mvnw -B test -pl blacksmith-server
 * -Dtest=DashboardScreenshots -Dblacksmith.screenshots=../docs/dashboard}.
 */
@EnabledIfSystemProperty(named = "blacksmith.screenshots", matches = ".+")
class DashboardScreenshots {

  private static final int WIDTH = 1440;
  private static final Duration STEP = Duration.ofSeconds(10);
  private static final Set<String> REALTIME = Set.of("notify", "upsert", "track");

  @TempDir Path dir;

  @Test
  void write_the_screenshots_of_the_main_pages() throws IOException {
    Path out = Path.of(System.getProperty("blacksmith.screenshots"));
    Files.createDirectories(out);
    try (TestApp app =
            TestApp.start(
                dir, b -> b.source(new Storefront()).source(new Ticker()).destination(new Crm()));
        Browser browser = Browser.start(WIDTH, 900)) {
      simulateAnHour(app);
      String base = "http://127.0.0.1:" + app.scheduler() + "/admin/";

      browser.open(base);
      browser.find("#login-token");
      Files.write(out.resolve("login.png"), browser.screenshotOfPage(WIDTH));
      browser.find("#login-token").sendKeys(TestApp.ADMIN_TOKEN);
      browser.find("#login-submit").click();

      browser.wait.until(presenceOfElementLocated(By.cssSelector("#chart-levels svg path")));
      browser.find("#instance dl");
      Files.write(out.resolve("overview.png"), browser.screenshotOfPage(WIDTH));
      browser.driver.executeCdpCommand(
          "Emulation.setEmulatedMedia",
          Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
      Files.write(out.resolve("overview-dark.png"), browser.screenshotOfPage(WIDTH));
      browser.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));

      browser.open(base + "#/events");
      browser.wait.until(numberOfElementsToBeMoreThan(By.cssSelector("tbody tr[data-id]"), 10));
      Files.write(out.resolve("events.png"), browser.screenshotOfPage(WIDTH));

      browser.open(base + "#/jobs?status=failed,discarded");
      browser.wait.until(numberOfElementsToBeMoreThan(By.cssSelector("tbody tr[data-id]"), 3));
      Files.write(out.resolve("jobs.png"), browser.screenshotOfPage(WIDTH));

      // The job with the longest history, retried from the page.
      Job job = mostAttempted(app);
      browser.open(base + "#/jobs/" + job.id());
      browser.waitForText("#job-status", job.status().value());
      int before = browser.all("#timeline li.t-item").size();
      browser.find("#job-retry").click();
      browser.wait.until(
          numberOfElementsToBeMoreThan(By.cssSelector("#timeline li.t-item"), before));
      browser.waitForText("#toast", "retried");
      Files.write(out.resolve("job.png"), browser.screenshotOfPage(WIDTH));

      browser.open(base + "#/destinations");
      browser.find("tr[data-action='crm/upsert']");
      Files.write(out.resolve("destinations.png"), browser.screenshotOfPage(WIDTH));

      browser.open(base + "#/sources");
      browser.wait.until(
          attributeToBe(
              By.cssSelector("tr[data-trigger='ticker/tick'] .lock"), "class", "lock lock-held"));
      Files.write(out.resolve("sources.png"), browser.screenshotOfPage(WIDTH));
      assertThat(browser.severeConsoleMessages()).isEmpty();
    }
    for (String name :
        List.of(
            "login",
            "overview",
            "overview-dark",
            "events",
            "jobs",
            "job",
            "destinations",
            "sources")) {
      assertThat(out.resolve(name + ".png")).isNotEmptyFile();
    }
  }

  /**
   * 400 steps of 10 s: a varying number of checkouts and orders per step, realtime loads settled
   * after each, the interval actions run every 10 minutes, and a sample taken at every step.
   */
  private static void simulateAnHour(TestApp app) {
    Stats stats = app.server.stats();
    stats.sampleWithCounts();
    int order = 0;
    for (int step = 1; step <= 400; step++) {
      app.clock.advance(STEP);
      // A busy spell around the middle of the hour, quieter at either end.
      double wave = Math.sin(step / 400.0 * Math.PI) * 3 + Math.sin(step / 9.0) * 1.2;
      int checkouts = (int) Math.max(0, Math.round(wave + (step * 7 % 5) / 2.0));
      for (int i = 0; i < checkouts; i++) {
        order++;
        post(
            app,
            "/storefront/checkout",
            "{\"id\":\"c-" + order + "\",\"amount\":" + (order * 37 % 1000) + "}");
      }
      if (step % 4 == 0) {
        post(
            app,
            "/shop/acme/orders",
            "{\"id\":\"o-" + step + "\",\"sku\":\"anvil-" + (step % 7) + "\"}");
      }
      if (step % 15 == 0) {
        post(app, "/shop/quiet", "{\"id\":\"q-" + step + "\"}");
      }
      if (step % 60 == 0) {
        app.blacksmith.scheduler().runDue();
      }
      settle(app);
      stats.sampleWithCounts();
    }
  }

  private static void post(TestApp app, String path, String json) {
    assertThat(app.post(app.gateway(), path, json).status()).isEqualTo(202);
  }

  /** Waits until no job is being loaded and every realtime job was loaded. */
  private static void settle(TestApp app) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(5))
        .until(() ->
            jobs(app, Set.of(), Set.of(Status.AWAITING, Status.EXECUTING)) == 0
                && jobs(app, REALTIME, Set.of(Status.ACKNOWLEDGED)) == 0);
  }

  private static long jobs(TestApp app, Set<String> actions, Set<Status> statuses) {
    Query.JobFilter filter =
        new Query.JobFilter(
            Set.of(), Set.of(), actions, Set.of(), statuses, Set.of(), null, null, null);
    return app.blacksmith.store().findJobs(Query.all().withJobs(filter).withPage(0, 1)).count();
  }

  private static Job mostAttempted(TestApp app) {
    List<Job> failed = new ArrayList<>();
    Query.JobFilter filter =
        new Query.JobFilter(
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(Status.FAILED),
            Set.of(),
            null,
            null,
            null);
    failed.addAll(
        app.blacksmith.store().findJobs(Query.all().withJobs(filter).withPage(0, 1000)).items());
    return failed.stream().max(Comparator.comparingInt(Job::attempt)).orElseThrow();
  }

  /** A storefront: each checkout goes to the CRM (upsert, track) and the warehouse (notify). */
  static final class Storefront implements Source {
    @Override
    public String name() {
      return "storefront";
    }

    @Override
    public dev.blacksmith.source.Options options() {
      return dev.blacksmith.source.Options.builder()
          .version("2024-01")
          .version("2024-04")
          .defaultVersion("2024-04")
          .build();
    }

    @Override
    public Map<String, Trigger> triggers() {
      Map<String, Trigger> triggers = new LinkedHashMap<>();
      triggers.put(
          "checkout",
          new HttpTrigger() {
            @Override
            public String name() {
              return "checkout";
            }

            @Override
            public Route route() {
              return Route.post("/storefront/checkout");
            }

            @Override
            public Event extract(dev.blacksmith.source.Toolkit toolkit, HttpRequest request)
                throws Exception {
              JsonNode body = request.json();
              return Event.builder()
                  .context(Map.of("channel", "web", "locale", "en-GB"))
                  .data(body)
                  .actions(
                      dev.blacksmith.destination.Actions.builder()
                          .add("crm", new Upsert(body), new Track(body))
                          .add(Warehouse.NAME, new Warehouse.Notify(body))
                          .build())
                  .build();
            }
          });
      return triggers;
    }
  }

  /** A CRM that answers 503 to one upsert in six and refuses to track amounts over 900. */
  static final class Crm implements Destination {
    @Override
    public String name() {
      return "crm";
    }

    @Override
    public dev.blacksmith.destination.Options options() {
      return dev.blacksmith.destination.Options.builder()
          .version("v3")
          .defaultVersion("v3")
          .defaultSchedule(Schedule.every("@every 10m").withMaxRetries(5))
          .build();
    }

    @Override
    public Map<String, Action> actions() {
      Map<String, Action> actions = new LinkedHashMap<>();
      actions.put("upsert", new Upsert(null));
      actions.put("track", new Track(null));
      return actions;
    }
  }

  static final class Upsert extends Warehouse.Carrying {
    Upsert(@Nullable JsonNode payload) {
      super(payload);
    }

    @Override
    public String name() {
      return "upsert";
    }

    @Override
    public Schedule schedule() {
      return Schedule.inRealtime();
    }

    @Override
    public void load(dev.blacksmith.destination.Toolkit toolkit, Queue queue, ThenSink then) {
      for (dev.blacksmith.store.Job job : queue.jobs()) {
        if (Math.floorMod(job.data().hashCode(), 6) == 0) {
          then.send(
              Then.failed(new IllegalStateException("CRM answered 503 Service Unavailable"))
                  .forJobs(job.id()));
        } else {
          then.send(Then.succeeded().forJobs(job.id()));
        }
      }
    }
  }

  static final class Track extends Warehouse.Carrying {
    Track(@Nullable JsonNode payload) {
      super(payload);
    }

    @Override
    public String name() {
      return "track";
    }

    @Override
    public Schedule schedule() {
      return Schedule.inRealtime();
    }

    @Override
    public void load(dev.blacksmith.destination.Toolkit toolkit, Queue queue, ThenSink then) {
      for (dev.blacksmith.store.Job job : queue.jobs()) {
        if (Json.tree(job.data()).path("amount").asInt() > 900) {
          then.send(
              Then.discarded(new IllegalArgumentException("amount exceeds the CRM's limit of 900"))
                  .forJobs(job.id()));
        } else {
          then.send(Then.succeeded().forJobs(job.id()));
        }
      }
    }
  }
}
