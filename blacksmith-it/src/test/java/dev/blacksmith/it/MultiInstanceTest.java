package dev.blacksmith.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blacksmith.it.BlacksmithProcesses.Node;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three {@code blacksmith start} processes sharing the machine's PostgreSQL (one store schema per
 * test), loaded with events sent round-robin to their gateways. Each job's loads are counted in the
 * test application's ledger. Needs PostgreSQL: skipped when it is unreachable, failed if {@code
 * CI=true}.
 */
class MultiInstanceTest {

  private static final Logger LOG = LoggerFactory.getLogger(MultiInstanceTest.class);
  private static final int EVENTS = 3_000;
  private static final int CLIENTS = 24;

  @RegisterExtension final BlacksmithProcesses processes = new BlacksmithProcesses();

  private final Http http = new Http();
  private final Database db = Database.machine();
  private final String schema =
      "it_"
          + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
  private final Ledgers ledgers = new Ledgers(db, schema);

  @BeforeEach
  void need_postgres() {
    db.require();
    processes.closeAfter(() -> db.dropSchemas(schema));
  }

  @Test
  void three_instances_share_the_claims_and_load_every_job_exactly_once() throws Exception {
    List<Node> nodes = processes.start(3, db.storeUrl(schema), ledgers.env());

    Load load = Load.start(http, nodes, CLIENTS, EVENTS, Duration.ofMinutes(1));
    assertThat(load.await(Duration.ofMinutes(2))).as("clients done: %s", load).isTrue();
    LOG.info("load: {}", load);
    assertThat(load.acknowledged()).as("%s", load).hasSize(EVENTS);
    assertThat(load.serverErrors() + load.ioErrors()).as("failed requests, absent faults").isZero();

    long jobs =
        Ledgers.awaitEveryJobSucceeded(http, nodes.get(0), 2L * EVENTS, Duration.ofSeconds(90));
    assertThat(jobs).isEqualTo(2L * EVENTS);
    assertThat(ledgers.events()).isEqualTo(EVENTS);
    assertThat(ledgers.succeededActionsOf(load.acknowledged().values())).isEqualTo(2L * EVENTS);
    ledgers.assertEveryJobSucceededOnce();
    // Exactly once: one ledger row per job, and no claim ever taken over.
    assertThat(ledgers.loads()).isEqualTo(2L * EVENTS);
    assertThat(ledgers.jobsLoadedMoreThanOnce()).isEmpty();
    assertThat(ledgers.reclaims()).isEmpty();
    // Claims are shared: every process loaded some of the jobs.
    Map<Long, Long> byProcess = ledgers.loadsByProcess();
    LOG.info("loads by process: {}", byProcess);
    assertThat(byProcess.keySet())
        .containsExactlyInAnyOrderElementsOf(nodes.stream().map(Node::pid).toList());
    assertThat(byProcess.values()).allSatisfy(count -> assertThat(count).isPositive());

    for (Node node : nodes) {
      assertThat(BlacksmithProcesses.stopGracefully(node, Duration.ofSeconds(30)))
          .as("%s stops on SIGTERM", node)
          .isTrue();
      assertThat(node.output()).contains("Blacksmith stopped");
    }
  }

  @Test
  void kill_9_of_one_instance_loses_no_job_and_duplicates_only_what_it_was_executing()
      throws Exception {
    Duration lease = Duration.ofSeconds(3);
    Map<String, String> env = new HashMap<>(ledgers.env());
    env.put("BLACKSMITH_LEASE_DURATION", lease.toSeconds() + "s");
    env.put("BLACKSMITH_LOCK_LEASE", "3s");
    // Loads take a while after their write, so the victim is caught with jobs it loaded but did
    // not report yet: those are the jobs that may be loaded twice. The victim's loads are the
    // slowest, so it surely holds executing jobs when it is killed.
    env.put("IT_LOAD_PAUSE_MS", "60");
    Map<String, String> slow = new HashMap<>(env);
    slow.put("IT_LOAD_PAUSE_MS", "1500");
    List<Node> nodes = new java.util.ArrayList<>(processes.start(2, db.storeUrl(schema), env));
    nodes.addAll(processes.start(1, db.storeUrl(schema), slow));
    Node victim = nodes.get(2);
    String victimId = ledgers.instanceOf(victim.pid());
    Set<Long> survivors =
        nodes.stream()
            .filter(n -> n.pid() != victim.pid())
            .map(Node::pid)
            .collect(Collectors.toSet());

    Load load = Load.start(http, nodes, CLIENTS, EVENTS, Duration.ofMinutes(1));
    await("a third of the events acknowledged")
        .atMost(Duration.ofMinutes(1))
        .until(() -> load.acknowledged().size() >= EVENTS / 3);
    await("the victim executing jobs")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(() ->
            db.number(
                    "SELECT count(*) FROM "
                        + schema
                        + ".jobs WHERE status = 'executing' AND lease_owner = ?",
                    victimId)
                > 0);
    victim.process().destroyForcibly(); // kill -9, with loads and requests in flight
    assertThat(victim.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(victim.process().exitValue()).isEqualTo(137);

    assertThat(load.await(Duration.ofMinutes(2))).as("clients done: %s", load).isTrue();
    LOG.info("load: {}", load);
    assertThat(load.abandoned()).as("%s", load).isEmpty();
    assertThat(load.refused()).isEmpty();
    assertThat(load.acknowledged()).hasSize(EVENTS);

    // Every job the store holds succeeds, including the events the victim committed without
    // answering, and the jobs it had claimed.
    long jobs =
        Ledgers.awaitEveryJobSucceeded(http, nodes.get(0), 2L * EVENTS, Duration.ofSeconds(90));
    LOG.info("{} jobs for {} events", jobs, ledgers.events());
    assertThat(ledgers.succeededActionsOf(load.acknowledged().values())).isEqualTo(2L * EVENTS);
    ledgers.assertEveryJobSucceededOnce();

    // The victim's claims were taken over after their lease, and only the victim's.
    List<Ledgers.Reclaim> reclaims = ledgers.reclaims();
    LOG.info("{} jobs taken over from the victim", reclaims.size());
    assertThat(reclaims).isNotEmpty();
    assertThat(reclaims)
        .allSatisfy(r -> assertThat(r.message()).isEqualTo("lease of " + victimId + " expired"));
    Set<String> reclaimed =
        reclaims.stream().map(Ledgers.Reclaim::jobId).collect(Collectors.toSet());
    Set<String> reclaimedWhileExecuting =
        reclaims.stream()
            .filter(r -> r.stateBefore().equals("executing"))
            .map(Ledgers.Reclaim::jobId)
            .collect(Collectors.toSet());
    // ... and loaded by a survivor.
    assertThat(ledgers.loadsOf(reclaimed).values())
        .hasSize(reclaimed.size())
        .allSatisfy(
            loads -> assertThat(loads).anySatisfy(e -> assertThat(survivors).contains(e.pid())));

    // A job is loaded twice only if the victim was executing it when it died: once by the
    // victim, once by a survivor.
    Map<String, List<Ledgers.Entry>> twice = ledgers.jobsLoadedMoreThanOnce();
    LOG.info(
        "{} jobs loaded twice, of {} the victim was executing",
        twice.size(),
        reclaimedWhileExecuting.size());
    assertThat(reclaimedWhileExecuting).containsAll(twice.keySet());
    assertThat(twice.values())
        .allSatisfy(loads -> {
          assertThat(loads).hasSize(2);
          assertThat(loads.get(0).pid()).isEqualTo(victim.pid());
          assertThat(survivors).contains(loads.get(1).pid());
        });
  }
}
