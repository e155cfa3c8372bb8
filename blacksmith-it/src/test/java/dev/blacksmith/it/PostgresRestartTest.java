package dev.blacksmith.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blacksmith.it.BlacksmithProcesses.Node;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two {@code blacksmith start} processes on a private PostgreSQL server that is stopped and started
 * again while events flow: the processes ride out the outage and nothing acknowledged is lost.
 * Needs no running PostgreSQL: the server comes from a jar.
 */
class PostgresRestartTest {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresRestartTest.class);
  private static final String SCHEMA = "it_restart";
  private static final int CLIENTS = 16;
  private static final Duration OUTAGE = Duration.ofSeconds(12);
  // Loosely: a warning or error about the connection, then a line at INFO saying it is back.
  private static final Pattern LOST =
      Pattern.compile(
          "(?im)^.*(WARN|ERROR).*(lost|refused|terminat|shut ?down|I/O error|unreachable).*$");
  private static final Pattern REGAINED =
      Pattern.compile("(?im)^.*INFO.*\\b(again|reconnected|restored|recovered|back)\\b.*$");

  @RegisterExtension final BlacksmithProcesses processes = new BlacksmithProcesses();

  private final Http http = new Http();

  @Test
  void instances_reconnect_after_a_database_restart_and_lose_nothing_acknowledged()
      throws Exception {
    PrivatePostgres postgres = PrivatePostgres.start(processes.dir().resolve("pgdata"));
    processes.closeAfter(postgres);
    Database db = postgres.database();
    Ledgers ledgers = new Ledgers(db, SCHEMA);
    Map<String, String> env = new HashMap<>(ledgers.env());
    env.put("BLACKSMITH_LEASE_DURATION", "3s");
    env.put("BLACKSMITH_LOCK_LEASE", "3s");
    List<Node> nodes = processes.start(2, db.storeUrl(SCHEMA), env);

    Load load = Load.startOpenEnded(http, nodes, CLIENTS, Duration.ofSeconds(90));
    await("events flowing")
        .atMost(Duration.ofMinutes(1))
        .until(() -> load.acknowledged().size() >= 300);
    int beforeOutage = load.acknowledged().size();
    postgres.stop();
    LOG.info("PostgreSQL stopped after {} events acknowledged", beforeOutage);
    // The outage, longer than the store's and the ledger's pools wait for a connection: requests
    // and loads fail meanwhile.
    Thread.sleep(OUTAGE.toMillis());
    postgres.startAgain();
    Instant restarted = Instant.now();
    int duringOutage = load.acknowledged().size() - beforeOutage;
    LOG.info(
        "PostgreSQL started again; {} events acknowledged while it stopped, was down or started",
        duringOutage);
    await("events flowing again")
        .atMost(Duration.ofSeconds(90))
        .until(() -> load.acknowledged().size() >= beforeOutage + duringOutage + 300);
    load.finish();
    assertThat(load.await(Duration.ofMinutes(2))).as("clients done: %s", load).isTrue();
    LOG.info("load: {}", load);

    // Every event was acknowledged in the end, retried by its client while the database was away.
    assertThat(load.abandoned()).as("%s", load).isEmpty();
    assertThat(load.refused()).isEmpty();
    assertThat(load.acknowledged().keySet())
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, load.issued()).boxed().toList());
    long jobs =
        Ledgers.awaitEveryJobSucceeded(
            http, nodes.get(0), 2L * load.issued(), Duration.ofMinutes(2));
    LOG.info("{} jobs for {} events, {} loads", jobs, ledgers.events(), ledgers.loads());
    assertThat(ledgers.succeededActionsOf(load.acknowledged().values()))
        .isEqualTo(2L * load.issued());
    ledgers.assertEveryJobSucceededOnce();
    // At least once: a job is loaded again only after a lease of it expired and another claim took
    // it over, as the outage outlasts the leases.
    Map<String, List<Ledgers.Entry>> again = ledgers.jobsLoadedMoreThanOnce();
    Map<String, Long> takenOver =
        ledgers.reclaims().stream()
            .collect(Collectors.groupingBy(Ledgers.Reclaim::jobId, Collectors.counting()));
    LOG.info(
        "{} jobs loaded more than once; {} jobs taken over after a lease expired",
        again.size(),
        takenOver.size());
    assertThat(again)
        .allSatisfy((job, loads) ->
            assertThat(takenOver.getOrDefault(job, 0L))
                .as("times job %s, loaded %s times, was taken over", job, loads.size())
                .isGreaterThanOrEqualTo(loads.size() - 1L));

    // Both processes lived through it, said they lost the database, and loaded jobs afterwards.
    Map<Long, Long> loadedAfter = ledgers.loadsByProcessSince(restarted);
    LOG.info("loads by process since the restart: {}", loadedAfter);
    for (Node node : nodes) {
      assertThat(node.process().isAlive()).as("%s alive", node).isTrue();
      assertThat(http.get(node.scheduler("/_health")).statusCode()).isEqualTo(200);
      Matcher lost = LOST.matcher(node.output());
      assertThat(lost.find()).as("%s logged that it lost the database", node).isTrue();
      int lostAt = lost.end();
      // Reconnections back off (the LISTEN connection up to 5 s between tries): wait for the line.
      await(node + " logging that it has the database again")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> REGAINED.matcher(node.output().substring(lostAt)).find());
      assertThat(loadedAfter.getOrDefault(node.pid(), 0L))
          .as("loads of %s after the restart", node)
          .isPositive();
    }
  }
}
