package dev.blacksmith.store.jdbc;

import static dev.blacksmith.testkit.store.StoreFixtures.claim;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.store.Event;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Queue;
import dev.blacksmith.store.Status;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a real JVM (kill -9) while it writes, then checks what it acknowledged on the file. */
class SqliteCrashTest {

  private static final Duration LEASE = Duration.ofMinutes(1);

  @TempDir Path dir;

  private final Set<String> acked = ConcurrentHashMap.newKeySet();
  private final Set<String> claimed = ConcurrentHashMap.newKeySet();
  private final Set<String> started = ConcurrentHashMap.newKeySet();

  @Test
  void nothing_acknowledged_is_lost_and_a_killed_claimers_jobs_are_reclaimed_after_the_lease()
      throws Exception {
    Path file = dir.resolve("crash.db");
    Path errors = dir.resolve("child.err");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                CrashingClaimer.class.getName(),
                file.toString())
            .redirectError(errors.toFile())
            .start();
    Thread reader = Thread.ofPlatform().start(() -> readReports(child));
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while ((acked.size() < 500 || started.size() < 20) && System.nanoTime() < deadline) {
        assertThat(child.isAlive()).as("child died: %s", Files.readString(errors)).isTrue();
        Thread.sleep(10);
      }
      assertThat(acked)
          .as("the child's reports; stderr: %s", Files.readString(errors))
          .hasSizeGreaterThanOrEqualTo(500);
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join(TimeUnit.SECONDS.toMillis(30));
    }

    assertThat(claimed).isNotEmpty();
    assertThat(started).isNotEmpty();
    try (JdbcStore store = JdbcStore.open("sqlite:" + file)) {
      store.migrate();
      String integrity =
          store
              .database()
              .read(c -> {
                try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                  rs.next();
                  return rs.getString(1);
                }
              });
      assertThat(integrity).isEqualTo("ok");
      for (String id : acked) {
        Event event = store.findEvent(id).orElseThrow(() -> new AssertionError("lost " + id));
        assertThat(event.jobs()).hasSize(2);
      }
      for (String id : claimed) {
        Job job = store.findJob(id).orElseThrow();
        assertThat(job.status())
            .isEqualTo(started.contains(id) ? Status.EXECUTING : Status.AWAITING);
      }

      Instant now = Instant.now();
      Queue beforeExpiry = store.claim(claim("webhook", "post", "survivor", now, LEASE, 100_000));
      assertThat(beforeExpiry.jobs()).extracting(Job::id).doesNotContainAnyElementsOf(claimed);
      Queue afterExpiry =
          store.claim(
              claim(
                  "webhook",
                  "post",
                  "survivor",
                  now.plus(CrashingClaimer.LEASE).plusSeconds(1),
                  LEASE,
                  100_000));
      List<Job> reclaimed =
          afterExpiry.jobs().stream().filter(job -> claimed.contains(job.id())).toList();
      assertThat(reclaimed).extracting(Job::id).containsExactlyInAnyOrderElementsOf(claimed);
      assertThat(reclaimed)
          .allSatisfy(job -> {
            assertThat(job.transition().error())
                .contains("lease of " + CrashingClaimer.OWNER + " expired");
            assertThat(job.transition().stateBefore())
                .isEqualTo(started.contains(job.id()) ? Status.EXECUTING : Status.AWAITING);
          });
    }
  }

  /** Records each complete report line of the child; a line cut by the kill has no {@code ;}. */
  private void readReports(Process child) {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.endsWith(";")) {
          continue;
        }
        String[] parts = line.substring(0, line.length() - 1).split(" ", 2);
        if (parts.length < 2 || parts[1].isEmpty()) {
          continue;
        }
        List<String> ids = Arrays.asList(parts[1].split(","));
        switch (parts[0]) {
          case "acked" -> acked.addAll(ids);
          case "claimed" -> claimed.addAll(ids);
          case "started" -> started.addAll(ids);
          default -> {}
        }
      }
    } catch (IOException e) {
      // The stream ends when the child is killed.
    }
  }
}
