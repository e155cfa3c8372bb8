package dev.blacksmith.supervisor.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.spi.supervisor.Lock;
import dev.blacksmith.supervisor.Service;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lock held by a JVM that is killed (kill -9) is free again once its lease ends. */
class KilledHolderTest {

  private static final TestDatabase DATABASE = new TestDatabase();
  private static final String KEY = "triggers/cron/tick";

  @TempDir Path dir;

  private final List<String> reports = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void requirePostgres() {
    TestDatabase.requireReachable();
  }

  @AfterAll
  static void dropSchemas() throws SQLException {
    DATABASE.dropSchemas();
  }

  @Test
  void a_lock_held_by_a_killed_jvm_is_acquirable_after_its_lease() throws Exception {
    String url = TestDatabase.url(DATABASE.newSchema());
    Service me = new Service("survivor", "scheduler", "1.2.3", null);
    Path errors = dir.resolve("child.err");
    try (PostgresSupervisor supervisor = PostgresSupervisor.open(url)) {
      supervisor.init();
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  LockHolder.class.getName(),
                  url,
                  KEY,
                  "doomed")
              .redirectError(errors.toFile())
              .start();
      Thread reader = Thread.ofPlatform().start(() -> readReports(child));
      Lock held;
      try {
        awaitReport(child, errors, "acquired", 1);
        Instant firstExpiry = Instant.parse(firstReport("acquired").split(" ")[1]);
        // Past its first lease, the child still holds the key: its renewals count.
        while (TestDatabase.now().isBefore(firstExpiry.plusMillis(500))) {
          Thread.sleep(50);
        }
        awaitReport(child, errors, "renewed", 3);
        assertThat(supervisor.tryAcquire(KEY, me, Duration.ofSeconds(30))).isEmpty();
        assertThat(supervisor.locks())
            .singleElement()
            .satisfies(l -> assertThat(l.holder().id()).isEqualTo("doomed"));
      } finally {
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        reader.join(TimeUnit.SECONDS.toMillis(30));
      }
      held = supervisor.locks().getFirst();
      assertThat(reports).as("the child never lost the key").doesNotContain("lost;");
      assertThat(supervisor.tryAcquire(KEY, me, Duration.ofSeconds(30)))
          .as("right after the kill, the lease runs on")
          .isEmpty();

      long killedAt = System.nanoTime();
      Optional<Lock> mine = Optional.empty();
      while (mine.isEmpty() && System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(10)) {
        Thread.sleep(50);
        mine = supervisor.tryAcquire(KEY, me, Duration.ofSeconds(30));
      }

      Duration waited = Duration.ofNanos(System.nanoTime() - killedAt);
      assertThat(mine).as("acquired within 10 s of the kill").isPresent();
      assertThat(mine.get().acquiredAt()).isAfterOrEqualTo(held.expiresAt());
      assertThat(waited).isLessThanOrEqualTo(LockHolder.LEASE.plusSeconds(1));
      assertThat(supervisor.locks()).extracting(l -> l.holder().id()).containsExactly("survivor");
    }
  }

  private void awaitReport(Process child, Path errors, String report, int count)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (reports.stream().filter(r -> r.startsWith(report)).count() < count) {
      assertThat(child.isAlive())
          .as("child died: %s %s", reports, Files.readString(errors))
          .isTrue();
      assertThat(System.nanoTime())
          .as("waiting for '%s' from the child: %s", report, Files.readString(errors))
          .isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private String firstReport(String report) {
    String line = reports.stream().filter(r -> r.startsWith(report)).findFirst().orElseThrow();
    return line.substring(0, line.length() - 1);
  }

  private void readReports(Process child) {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.endsWith(";")) {
          reports.add(line);
        }
      }
    } catch (IOException e) {
      // The stream ends when the child is killed.
    }
  }
}
