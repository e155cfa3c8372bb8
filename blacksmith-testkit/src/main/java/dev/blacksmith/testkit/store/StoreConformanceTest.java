package dev.blacksmith.testkit.store;

import static dev.blacksmith.testkit.store.StoreFixtures.ACTION;
import static dev.blacksmith.testkit.store.StoreFixtures.DESTINATION;
import static dev.blacksmith.testkit.store.StoreFixtures.T0;
import static dev.blacksmith.testkit.store.StoreFixtures.aJob;
import static dev.blacksmith.testkit.store.StoreFixtures.anEvent;
import static dev.blacksmith.testkit.store.StoreFixtures.claim;
import static dev.blacksmith.testkit.store.StoreFixtures.discarded;
import static dev.blacksmith.testkit.store.StoreFixtures.failed;
import static dev.blacksmith.testkit.store.StoreFixtures.succeeded;
import static dev.blacksmith.testkit.store.StoreFixtures.unknown;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.blacksmith.json.Json;
import dev.blacksmith.spi.Ids;
import dev.blacksmith.spi.store.NewEvent;
import dev.blacksmith.spi.store.NewJob;
import dev.blacksmith.spi.store.Outcome;
import dev.blacksmith.spi.store.Page;
import dev.blacksmith.spi.store.Purge;
import dev.blacksmith.spi.store.Query;
import dev.blacksmith.spi.store.Query.EventFilter;
import dev.blacksmith.spi.store.Query.JobFilter;
import dev.blacksmith.spi.store.Store;
import dev.blacksmith.spi.store.StoreException;
import dev.blacksmith.store.Event;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Queue;
import dev.blacksmith.store.Status;
import dev.blacksmith.store.Transition;
import dev.blacksmith.testkit.store.StoreFixtures.EventBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The behaviour every {@link Store} must have, run against a real backend. Extend it in the
 * backend's tests and supply the store:
 *
 * <pre>{@code
 * class SqliteStoreConformanceTest extends StoreConformanceTest {
 *   @TempDir Path dir;
 *
 *   protected Store newStore() { ... a fresh, empty, migrated store ... }
 *   protected Store reopen(Store closed) { ... a new store on the same data ... }
 * }
 * }</pre>
 *
 * Times are given to the store explicitly, starting at {@link StoreFixtures#T0}, so no test sleeps.
 */
public abstract class StoreConformanceTest {

  private static final Duration LEASE = Duration.ofMinutes(1);

  /** The store under test, fresh for each test. */
  protected Store store;

  private final List<Store> open = new ArrayList<>();

  /** A fresh, empty, migrated store; closed by the suite after the test. */
  protected abstract Store newStore();

  /** A new store on the data of {@code closed}, which the suite has closed; migrated. */
  protected abstract Store reopen(Store closed);

  @BeforeEach
  final void openStore() {
    store = newStore();
    open.add(store);
  }

  @AfterEach
  final void closeStores() {
    for (Store s : open) {
      s.close();
    }
    open.clear();
  }

  // ---------------------------------------------------------------- insert

  @Test
  void inserted_event_is_found_with_its_jobs_and_their_first_transition() {
    EventBuilder builder =
        anEvent()
            .source("segment")
            .trigger("identify")
            .version("v2")
            .context("{\"locale\":\"fr\"}")
            .data("{\"user\":42}")
            .sentAt(T0.minusSeconds(3))
            .receivedAt(T0)
            .parentEventId("parent-event")
            .withJob(aJob().destination("crm").action("upsert").version("2024-01-01"))
            .withJob(aJob().action("post").nextAt(T0.plusSeconds(60)).createdAt(T0.plusMillis(1)));
    NewEvent event = builder.build();
    Instant ingestedAt = T0.plusMillis(5);

    store.insert(List.of(event), ingestedAt);

    Event found = store.findEvent(event.id()).orElseThrow();
    assertThat(found.id()).isEqualTo(event.id());
    assertThat(found.source()).isEqualTo("segment");
    assertThat(found.trigger()).isEqualTo("identify");
    assertThat(found.version()).isEqualTo("v2");
    assertSameJson(found.context(), "{\"locale\":\"fr\"}");
    assertSameJson(found.data(), "{\"user\":42}");
    assertThat(found.sentAt()).isEqualTo(T0.minusSeconds(3));
    assertThat(found.receivedAt()).isEqualTo(T0);
    assertThat(found.ingestedAt()).isEqualTo(ingestedAt);
    assertThat(found.parentEventId()).isEqualTo("parent-event");
    assertThat(found.jobs()).extracting(Job::id).containsExactlyElementsOf(ids(event.jobs()));

    for (NewJob expected : event.jobs()) {
      Job job = store.findJob(expected.id()).orElseThrow();
      assertThat(job.destination()).isEqualTo(expected.destination());
      assertThat(job.action()).isEqualTo(expected.action());
      assertThat(job.version()).isEqualTo(expected.version());
      assertSameJson(job.context(), expected.context());
      assertSameJson(job.data(), expected.data());
      assertThat(job.createdAt()).isEqualTo(expected.createdAt());
      assertThat(job.eventId()).isEqualTo(event.id());
      assertThat(job.parentJobId()).isNull();
      assertThat(job.status()).isEqualTo(Status.ACKNOWLEDGED);
      assertThat(job.attempt()).isZero();
      Transition first =
          new Transition(
              expected.transitionId(),
              0,
              null,
              Status.ACKNOWLEDGED,
              null,
              ingestedAt,
              event.id(),
              expected.id());
      assertThat(job.transition()).isEqualTo(first);
      assertThat(store.findTransitions(job.id())).containsExactly(first);
      assertThat(found.jobs()).contains(job);
    }
  }

  @Test
  void insert_stores_nothing_when_an_id_is_already_taken() {
    EventBuilder existing = anEvent().withJobs(1);
    store.insert(List.of(existing.build()), T0);
    NewEvent fresh = anEvent().withJobs(2).build();

    assertThatThrownBy(() -> store.insert(List.of(fresh, existing.build()), T0))
        .isInstanceOf(StoreException.class);

    assertThat(store.findEvent(fresh.id())).isEmpty();
    for (NewJob job : fresh.jobs()) {
      assertThat(store.findJob(job.id())).isEmpty();
      assertThat(store.findTransitions(job.id())).isEmpty();
    }
    assertThat(store.findEvents(Query.all()).count()).isEqualTo(1);
    assertThat(store.findJobs(Query.all()).count()).isEqualTo(1);
  }

  @Test
  void insert_stores_nothing_when_a_job_id_is_repeated_in_the_batch() {
    NewEvent first = anEvent().withJob(aJob().id("same-job")).build();
    NewEvent second = anEvent().withJobs(1).withJob(aJob().id("same-job")).build();

    assertThatThrownBy(() -> store.insert(List.of(first, second), T0))
        .isInstanceOf(StoreException.class);

    assertThat(store.findEvents(Query.all()).count()).isZero();
    assertThat(store.findJobs(Query.all()).count()).isZero();
  }

  @Test
  void instants_are_kept_to_the_microsecond() {
    Instant precise = Instant.parse("2030-01-02T03:04:05.123456789Z");
    Instant micros = Instant.parse("2030-01-02T03:04:05.123456Z");
    NewEvent event =
        anEvent()
            .sentAt(precise)
            .receivedAt(precise)
            .withJob(aJob().createdAt(precise).nextAt(precise))
            .build();

    store.insert(List.of(event), precise);

    Event found = store.findEvent(event.id()).orElseThrow();
    assertThat(found.sentAt()).isEqualTo(micros);
    assertThat(found.receivedAt()).isEqualTo(micros);
    assertThat(found.ingestedAt()).isEqualTo(micros);
    assertThat(found.jobs().getFirst().createdAt()).isEqualTo(micros);
    assertThat(found.jobs().getFirst().transition().createdAt()).isEqualTo(micros);
    // Due at the truncated instant, so claimable at it.
    assertThat(store.claim(claim("a", micros, 10)).size()).isEqualTo(1);
  }

  @Test
  void json_is_read_back_as_the_json_value_it_was_given() {
    String context =
        "{\"z\":1,\"a\":{\"nested\":[1,2.5,-3,true,false,null,\"x\"]},\"empty\":{},\"list\":[]}";
    String data =
        "{\"text\":\"quote \\\" backslash \\\\ newline \\n tab \\t\","
            + "\"unicode\":\"\u00e9 \u2713 \ud83d\ude00 \\u00e9\","
            + "\"big\":12345678901234567890,\"decimal\":1.50,\"exponent\":1e3,\"negative\":-0.25}";
    String error = "{\"message\":\"HTTP 503\",\"details\":[{\"code\":\"x\",\"at\":null}]}";
    NewEvent event =
        anEvent().context(context).data(data).withJob(aJob().context(data).data(context)).build();
    String id = event.jobs().getFirst().id();
    store.insert(List.of(event), T0);
    Job claimed = store.claimAndStart(claim("a", T0, 1)).jobs().getFirst();
    Outcome failure = new Outcome(id, Status.FAILED, error, T0.plusSeconds(60), Ids.next());

    store.complete("a", List.of(failure), List.of(), T0);

    Event found = store.findEvent(event.id()).orElseThrow();
    assertSameJson(found.context(), context);
    assertSameJson(found.data(), data);
    assertSameJson(claimed.context(), data);
    assertSameJson(claimed.data(), context);
    Job job = store.findJob(id).orElseThrow();
    assertSameJson(job.context(), data);
    assertSameJson(job.data(), context);
    assertSameJson(job.transition().error(), error);
    assertSameJson(store.findTransitions(id).getLast().error(), error);
    assertThat(found.jobs()).containsExactly(job);
  }

  // ---------------------------------------------------------------- claim

  @Test
  void claim_returns_only_due_jobs_of_the_requested_action() {
    NewEvent event =
        anEvent()
            .withJobs(2)
            .withJob(aJob().nextAt(T0.plusSeconds(3600)))
            .withJob(aJob().action("put"))
            .withJob(aJob().destination("slack"))
            .build();
    store.insert(List.of(event), T0);

    Queue queue = store.claim(claim(DESTINATION, ACTION, "a", T0, Duration.ofDays(1), 10));

    assertThat(ids(queue)).containsExactlyInAnyOrderElementsOf(ids(event.jobs().subList(0, 2)));
    assertThat(store.claim(claim("b", T0, 10)).isEmpty()).isTrue();
    assertThat(store.claim(claim("b", T0.plusSeconds(3599), 10)).isEmpty()).isTrue();
    assertThat(ids(store.claim(claim("b", T0.plusSeconds(3600), 10))))
        .containsExactly(event.jobs().get(2).id());
  }

  @Test
  void claim_takes_the_oldest_due_jobs_first_up_to_the_limit() {
    List<NewEvent> events = new ArrayList<>();
    for (int seconds : new int[] {3, 5, 1, 4, 2}) {
      events.add(anEvent().withJob(aJob().nextAt(T0.minusSeconds(seconds))).build());
    }
    store.insert(events, T0);

    Queue first = store.claim(claim("a", T0, 3));
    Queue second = store.claim(claim("a", T0, 3));

    assertThat(ids(first))
        .containsExactly(
            events.get(1).jobs().getFirst().id(),
            events.get(3).jobs().getFirst().id(),
            events.get(0).jobs().getFirst().id());
    assertThat(ids(second))
        .containsExactly(
            events.get(4).jobs().getFirst().id(), events.get(2).jobs().getFirst().id());
    assertThat(store.claim(claim("a", T0, 3)).isEmpty()).isTrue();
  }

  @Test
  void claim_moves_jobs_to_awaiting_under_a_lease_with_their_first_attempt() {
    NewEvent event = anEvent().withJobs(1).build();
    store.insert(List.of(event), T0);
    Instant now = T0.plusSeconds(1);

    Job claimed = store.claim(claim("a", now, 1)).jobs().getFirst();

    assertThat(claimed.status()).isEqualTo(Status.AWAITING);
    assertThat(claimed.attempt()).isEqualTo(1);
    assertThat(claimed.transition().stateBefore()).isEqualTo(Status.ACKNOWLEDGED);
    assertThat(claimed.transition().error()).isNull();
    assertThat(claimed.transition().createdAt()).isEqualTo(now);
    assertThat(claimed.transition().jobId()).isEqualTo(claimed.id());
    assertThat(claimed.transition().eventId()).isEqualTo(event.id());
    assertThat(store.findJob(claimed.id()).orElseThrow()).isEqualTo(claimed);
    assertThat(store.findTransitions(claimed.id()))
        .extracting(Transition::stateAfter)
        .containsExactly(Status.ACKNOWLEDGED, Status.AWAITING);
    assertThat(store.findTransitions(claimed.id()).getLast()).isEqualTo(claimed.transition());
  }

  @Test
  void claim_groups_jobs_by_event_in_claim_order_each_event_holding_only_its_claimed_jobs() {
    EventBuilder a =
        anEvent()
            .source("a")
            .withJob(aJob().nextAt(T0.minusSeconds(3)))
            .withJob(aJob().nextAt(T0.minusSeconds(1)))
            .withJob(aJob().action("put").nextAt(T0.minusSeconds(5)));
    EventBuilder b = anEvent().source("b").withJob(aJob().nextAt(T0.minusSeconds(2)));
    NewEvent eventA = a.build();
    NewEvent eventB = b.build();
    store.insert(List.of(eventA, eventB), T0);

    Queue queue = store.claim(claim("owner", T0, 10));

    assertThat(queue.events()).extracting(Event::id).containsExactly(eventA.id(), eventB.id());
    assertThat(queue.events().get(0).jobs())
        .extracting(Job::id)
        .containsExactly(eventA.jobs().get(0).id(), eventA.jobs().get(1).id());
    assertThat(queue.events().get(1).jobs())
        .extracting(Job::id)
        .containsExactly(eventB.jobs().getFirst().id());
    Event first = queue.events().getFirst();
    assertThat(first.source()).isEqualTo("a");
    assertSameJson(first.data(), eventA.data());
    assertThat(first.ingestedAt()).isEqualTo(T0);
    assertThat(queue.size()).isEqualTo(3);
  }

  @Test
  void job_under_a_live_lease_is_not_claimed_again() {
    store.insert(List.of(anEvent().withJobs(1).build()), T0);
    Job claimed = store.claim(claim("a", T0, 1)).jobs().getFirst();

    assertThat(store.claim(claim("b", T0.plus(LEASE).minusNanos(1000), 10)).isEmpty()).isTrue();
    assertThat(ids(store.claim(claim("b", T0.plus(LEASE), 10)))).containsExactly(claimed.id());
  }

  @Test
  void concurrent_claimers_never_get_the_same_job_and_together_get_all() throws Exception {
    List<NewEvent> events = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      events.add(anEvent().withJobs(4).build());
    }
    store.insert(events, T0);
    Set<String> inserted = new HashSet<>();
    events.forEach(e -> inserted.addAll(ids(e.jobs())));

    int claimers = 8;
    ConcurrentLinkedQueue<String> claimed = new ConcurrentLinkedQueue<>();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(claimers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < claimers; i++) {
        String owner = "claimer-" + i;
        done.add(
            pool.submit(() -> {
              go.await();
              while (true) {
                Queue queue =
                    store.claim(claim(DESTINATION, ACTION, owner, T0, Duration.ofMinutes(10), 7));
                if (queue.isEmpty()) {
                  return null;
                }
                claimed.addAll(ids(queue));
              }
            }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(claimed).hasSize(inserted.size()).doesNotHaveDuplicates();
    assertThat(new HashSet<>(claimed)).isEqualTo(inserted);
  }

  @Test
  void awaiting_job_whose_lease_expired_is_reclaimed_with_a_transition() {
    store.insert(List.of(anEvent().withJobs(1).build()), T0);
    Job first = store.claim(claim("dead", T0, 1)).jobs().getFirst();
    Instant later = T0.plus(LEASE).plusSeconds(1);

    Job reclaimed = store.claim(claim("alive", later, 1)).jobs().getFirst();

    assertThat(reclaimed.id()).isEqualTo(first.id());
    assertThat(reclaimed.transition().stateBefore()).isEqualTo(Status.AWAITING);
    assertThat(reclaimed.status()).isEqualTo(Status.AWAITING);
    assertThat(reclaimed.attempt()).isEqualTo(1);
    assertThat(reclaimed.transition().error()).contains("lease of dead expired");
    assertThat(reclaimed.transition().createdAt()).isEqualTo(later);
    assertThat(store.findTransitions(first.id()))
        .extracting(Transition::stateBefore, Transition::stateAfter)
        .containsExactly(
            tuple(null, Status.ACKNOWLEDGED),
            tuple(Status.ACKNOWLEDGED, Status.AWAITING),
            tuple(Status.AWAITING, Status.AWAITING));
    assertThat(store.start("dead", List.of(first.id()), later, later.plus(LEASE))).isEmpty();
  }

  @Test
  void executing_job_whose_lease_expired_is_reclaimed_for_its_next_attempt() {
    store.insert(List.of(anEvent().withJobs(1).build()), T0);
    String id = store.claim(claim("dead", T0, 1)).jobs().getFirst().id();
    store.start("dead", List.of(id), T0, T0.plus(LEASE));
    Instant later = T0.plus(LEASE).plusSeconds(1);

    Job reclaimed = store.claim(claim("alive", later, 1)).jobs().getFirst();

    assertThat(reclaimed.transition().stateBefore()).isEqualTo(Status.EXECUTING);
    assertThat(reclaimed.status()).isEqualTo(Status.AWAITING);
    assertThat(reclaimed.attempt()).isEqualTo(2);
    assertThat(reclaimed.transition().error()).contains("lease of dead expired");
    assertThat(store.complete("dead", List.of(succeeded(id)), List.of(), later)).isEmpty();
    assertThat(store.findJob(id).orElseThrow()).isEqualTo(reclaimed);
  }

  // ---------------------------------------------------------------- start

  @Test
  void start_moves_only_jobs_leased_by_the_owner_to_executing() {
    NewEvent event = anEvent().withJobs(3).build();
    store.insert(List.of(event), T0);
    String mine = store.claim(claim("a", T0, 1)).jobs().getFirst().id();
    String theirs = store.claim(claim("b", T0, 1)).jobs().getFirst().id();
    String unclaimed =
        ids(event.jobs()).stream()
            .filter(id -> !id.equals(mine) && !id.equals(theirs))
            .findFirst()
            .orElseThrow();
    Instant now = T0.plusSeconds(1);

    List<Job> started =
        store.start("a", List.of(mine, theirs, unclaimed, "no-such-job"), now, now.plus(LEASE));

    assertThat(started).extracting(Job::id).containsExactly(mine);
    Job job = started.getFirst();
    assertThat(job.status()).isEqualTo(Status.EXECUTING);
    assertThat(job.transition().stateBefore()).isEqualTo(Status.AWAITING);
    assertThat(job.attempt()).isEqualTo(1);
    assertThat(job.transition().createdAt()).isEqualTo(now);
    assertThat(store.findJob(mine).orElseThrow()).isEqualTo(job);
    assertThat(store.findJob(theirs).orElseThrow().status()).isEqualTo(Status.AWAITING);
    assertThat(store.findJob(unclaimed).orElseThrow().status()).isEqualTo(Status.ACKNOWLEDGED);
    assertThat(store.start("a", List.of(mine), now, now.plus(LEASE))).isEmpty();
  }

  @Test
  void start_holds_the_lease_until_the_given_time() {
    store.insert(List.of(anEvent().withJobs(1).build()), T0);
    String id = store.claim(claim("a", T0, 1)).jobs().getFirst().id();
    store.start("a", List.of(id), T0, T0.plusSeconds(600));

    assertThat(store.claim(claim("b", T0.plusSeconds(599), 1)).isEmpty()).isTrue();
    assertThat(ids(store.claim(claim("b", T0.plusSeconds(600), 1)))).containsExactly(id);
  }

  @Test
  void claim_and_start_appends_awaiting_then_executing_and_returns_the_started_queue() {
    NewEvent first = anEvent().withJobs(2).build();
    NewEvent second = anEvent().withJobs(1).build();
    store.insert(List.of(first, second), T0);

    Queue queue = store.claimAndStart(claim("a", T0, 10));

    assertThat(queue.events()).extracting(Event::id).containsExactly(first.id(), second.id());
    assertThat(queue.size()).isEqualTo(3);
    for (Job job : queue.jobs()) {
      assertThat(job.status()).isEqualTo(Status.EXECUTING);
      assertThat(job.attempt()).isEqualTo(1);
      assertThat(store.findJob(job.id()).orElseThrow()).isEqualTo(job);
      assertThat(store.findTransitions(job.id()))
          .extracting(Transition::stateBefore, Transition::stateAfter, Transition::attempt)
          .containsExactly(
              tuple(null, Status.ACKNOWLEDGED, 0),
              tuple(Status.ACKNOWLEDGED, Status.AWAITING, 1),
              tuple(Status.AWAITING, Status.EXECUTING, 1));
    }
    assertThat(store.claimAndStart(claim("b", T0, 10)).isEmpty()).isTrue();
    assertThat(store.complete("a", List.of(succeeded(queue.jobs().getFirst().id())), List.of(), T0))
        .hasSize(1);
  }

  // ---------------------------------------------------------------- complete

  @Test
  void complete_applies_each_outcome_and_appends_its_transition() {
    store.insert(List.of(anEvent().withJobs(4).build()), T0);
    List<String> ids = ids(store.claim(claim("a", T0, 4)));
    store.start("a", ids, T0, T0.plus(LEASE));
    Instant now = T0.plusSeconds(10);
    Instant retryAt = T0.plusSeconds(3600);
    List<Outcome> outcomes =
        List.of(
            succeeded(ids.get(0)),
            failed(ids.get(1), retryAt, "HTTP 503"),
            discarded(ids.get(2), "HTTP 400"),
            unknown(ids.get(3)));

    Set<String> applied = store.complete("a", outcomes, List.of(), now);

    assertThat(applied).containsExactlyInAnyOrderElementsOf(ids);
    for (Outcome outcome : outcomes) {
      Job job = store.findJob(outcome.jobId()).orElseThrow();
      Transition expected =
          new Transition(
              outcome.transitionId(),
              1,
              Status.EXECUTING,
              outcome.status(),
              outcome.error(),
              now,
              job.eventId(),
              job.id());
      assertSameTransition(job.transition(), expected);
      List<Transition> history = store.findTransitions(job.id());
      assertThat(history).hasSize(4);
      assertSameTransition(history.getLast(), expected);
    }
    // Only the failed job is ever claimable again; the others are final.
    assertThat(ids(store.claim(claim("b", T0.plus(Duration.ofDays(365)), 10))))
        .containsExactly(ids.get(1));
  }

  @Test
  void complete_ignores_outcomes_of_a_stale_owner() {
    store.insert(List.of(anEvent().withJobs(1).build()), T0);
    String id = store.claim(claim("stale", T0, 1)).jobs().getFirst().id();
    store.start("stale", List.of(id), T0, T0.plus(LEASE));
    Instant later = T0.plus(LEASE).plusSeconds(1);
    store.claim(claim("fresh", later, 1));
    store.start("fresh", List.of(id), later, later.plus(LEASE));
    List<Transition> before = store.findTransitions(id);

    Set<String> applied = store.complete("stale", List.of(succeeded(id)), List.of(), later);

    assertThat(applied).isEmpty();
    assertThat(store.findTransitions(id)).isEqualTo(before);
    assertThat(store.findJob(id).orElseThrow().status()).isEqualTo(Status.EXECUTING);
    assertThat(store.complete("fresh", List.of(succeeded(id)), List.of(), later))
        .containsExactly(id);
    assertThat(store.findJob(id).orElseThrow().status()).isEqualTo(Status.SUCCEEDED);
  }

  @Test
  void complete_ignores_outcomes_of_jobs_that_are_not_executing() {
    store.insert(List.of(anEvent().withJobs(2).build()), T0);
    List<String> ids = ids(store.claim(claim("a", T0, 2)));
    store.start("a", List.of(ids.get(0)), T0, T0.plus(LEASE));
    store.complete("a", List.of(succeeded(ids.get(0))), List.of(), T0);

    Set<String> applied =
        store.complete(
            "a", List.of(failed(ids.get(0), T0, "again"), succeeded(ids.get(1))), List.of(), T0);

    assertThat(applied).isEmpty();
    assertThat(store.findJob(ids.get(0)).orElseThrow().status()).isEqualTo(Status.SUCCEEDED);
    assertThat(store.findJob(ids.get(1)).orElseThrow().status()).isEqualTo(Status.AWAITING);
  }

  @Test
  void failed_job_is_claimable_again_at_its_next_at_and_not_before() {
    store.insert(List.of(anEvent().withJobs(1).build()), T0);
    String id = store.claim(claim("a", T0, 1)).jobs().getFirst().id();
    store.start("a", List.of(id), T0, T0.plus(LEASE));
    Instant retryAt = T0.plusSeconds(3600);
    store.complete("a", List.of(failed(id, retryAt, "HTTP 503")), List.of(), T0.plusSeconds(1));

    assertThat(store.claim(claim("a", retryAt.minusNanos(1000), 1)).isEmpty()).isTrue();
    Job retried = store.claim(claim("a", retryAt, 1)).jobs().getFirst();

    assertThat(retried.id()).isEqualTo(id);
    assertThat(retried.transition().stateBefore()).isEqualTo(Status.FAILED);
    assertThat(retried.status()).isEqualTo(Status.AWAITING);
    assertThat(retried.attempt()).isEqualTo(2);
    assertThat(retried.transition().error()).isNull();
    Job started = store.start("a", List.of(id), retryAt, retryAt.plus(LEASE)).getFirst();
    assertThat(started.attempt()).isEqualTo(2);
  }

  @Test
  void follow_up_jobs_are_acknowledged_and_carry_their_parent_job_id() {
    NewEvent event = anEvent().withJobs(1).build();
    store.insert(List.of(event), T0);
    String parent = store.claim(claim("a", T0, 1)).jobs().getFirst().id();
    store.start("a", List.of(parent), T0, T0.plus(LEASE));
    Instant now = T0.plusSeconds(2);
    Instant due = T0.plusSeconds(300);
    NewJob followUp =
        aJob()
            .eventId(event.id())
            .parentJobId(parent)
            .destination("slack")
            .action("notify")
            .createdAt(now)
            .nextAt(due)
            .build();

    store.complete("a", List.of(succeeded(parent)), List.of(followUp), now);

    Job job = store.findJob(followUp.id()).orElseThrow();
    assertThat(job.parentJobId()).isEqualTo(parent);
    assertThat(job.eventId()).isEqualTo(event.id());
    assertThat(job.status()).isEqualTo(Status.ACKNOWLEDGED);
    assertThat(job.attempt()).isZero();
    assertThat(job.transition())
        .isEqualTo(
            new Transition(
                followUp.transitionId(),
                0,
                null,
                Status.ACKNOWLEDGED,
                null,
                now,
                event.id(),
                followUp.id()));
    assertThat(store.findEvent(event.id()).orElseThrow().jobs())
        .extracting(Job::id)
        .containsExactly(parent, followUp.id());
    assertThat(store.claim(claim("slack", "notify", "b", due.minusSeconds(1), LEASE, 1)).isEmpty())
        .isTrue();
    assertThat(ids(store.claim(claim("slack", "notify", "b", due, LEASE, 1))))
        .containsExactly(followUp.id());
  }

  @Test
  void follow_ups_of_an_ignored_outcome_are_not_created() {
    NewEvent event = anEvent().withJobs(1).build();
    store.insert(List.of(event), T0);
    String parent = store.claim(claim("stale", T0, 1)).jobs().getFirst().id();
    store.start("stale", List.of(parent), T0, T0.plus(LEASE));
    Instant later = T0.plus(LEASE).plusSeconds(1);
    store.claim(claim("fresh", later, 1));
    NewJob followUp = aJob().eventId(event.id()).parentJobId(parent).build();

    store.complete("stale", List.of(succeeded(parent)), List.of(followUp), later);

    assertThat(store.findJob(followUp.id())).isEmpty();
  }

  // ---------------------------------------------------------------- leases

  @Test
  void release_makes_the_owners_awaiting_jobs_claimable_at_once() {
    store.insert(List.of(anEvent().withJobs(4).build()), T0);
    List<String> mine = ids(store.claim(claim("a", T0, 3)));
    String theirs = store.claim(claim("b", T0, 1)).jobs().getFirst().id();
    store.start("a", List.of(mine.get(0)), T0, T0.plus(LEASE));
    Instant now = T0.plusSeconds(1);

    int released = store.release("a", now);

    assertThat(released).isEqualTo(2);
    assertThat(store.findTransitions(mine.get(1))).hasSize(2);
    assertThat(store.start("a", List.of(mine.get(1)), now, now.plus(LEASE))).isEmpty();
    Queue reclaimed = store.claim(claim("c", now, 10));
    assertThat(ids(reclaimed)).containsExactlyInAnyOrder(mine.get(1), mine.get(2));
    assertThat(reclaimed.jobs())
        .allSatisfy(job -> {
          assertThat(job.transition().stateBefore()).isEqualTo(Status.AWAITING);
          assertThat(job.attempt()).isEqualTo(1);
        });
    assertThat(store.findJob(mine.get(0)).orElseThrow().status()).isEqualTo(Status.EXECUTING);
    assertThat(store.findJob(theirs).orElseThrow().status()).isEqualTo(Status.AWAITING);
    assertThat(store.release("a", now)).isZero();
  }

  @Test
  void extended_leases_keep_jobs_from_being_reclaimed() {
    store.insert(List.of(anEvent().withJobs(1).build()), T0);
    String id = store.claim(claim("a", T0, 1)).jobs().getFirst().id();

    store.extendLeases("a", List.of(id), T0.plusSeconds(600));
    store.extendLeases("b", List.of(id), T0.plusSeconds(6000));

    assertThat(store.claim(claim("b", T0.plusSeconds(599), 1)).isEmpty()).isTrue();
    assertThat(ids(store.claim(claim("b", T0.plusSeconds(600), 1)))).containsExactly(id);
    assertThat(store.findTransitions(id)).hasSize(3);
  }

  // ---------------------------------------------------------------- history

  @Test
  void transitions_are_only_ever_appended() {
    store.insert(List.of(anEvent().withJobs(1).build()), T0);
    String id = store.findJobs(Query.all()).items().getFirst().id();
    List<List<Transition>> histories = new ArrayList<>();
    histories.add(store.findTransitions(id));

    store.claim(claim("a", T0, 1));
    histories.add(store.findTransitions(id));
    store.start("a", List.of(id), T0, T0.plus(LEASE));
    histories.add(store.findTransitions(id));
    store.complete("a", List.of(failed(id, T0.plusSeconds(60), "boom")), List.of(), T0);
    histories.add(store.findTransitions(id));
    store.claim(claim("b", T0.plusSeconds(60), 1));
    histories.add(store.findTransitions(id));
    store.start("b", List.of(id), T0.plusSeconds(60), T0.plusSeconds(120));
    histories.add(store.findTransitions(id));
    Instant expired = T0.plusSeconds(120);
    store.claim(claim("c", expired, 1));
    histories.add(store.findTransitions(id));
    store.start("c", List.of(id), expired, expired.plus(LEASE));
    histories.add(store.findTransitions(id));
    store.complete("c", List.of(succeeded(id)), List.of(), expired);
    histories.add(store.findTransitions(id));

    for (int i = 1; i < histories.size(); i++) {
      List<Transition> previous = histories.get(i - 1);
      List<Transition> current = histories.get(i);
      assertThat(current).hasSize(previous.size() + 1);
      assertThat(current.subList(0, previous.size())).isEqualTo(previous);
    }
    List<Transition> history = histories.getLast();
    assertThat(history)
        .extracting(Transition::stateAfter)
        .containsExactly(
            Status.ACKNOWLEDGED,
            Status.AWAITING,
            Status.EXECUTING,
            Status.FAILED,
            Status.AWAITING,
            Status.EXECUTING,
            Status.AWAITING,
            Status.EXECUTING,
            Status.SUCCEEDED);
    assertThat(history).extracting(Transition::attempt).containsExactly(0, 1, 1, 1, 2, 2, 3, 3, 3);
    for (int i = 1; i < history.size(); i++) {
      assertThat(history.get(i).stateBefore()).isEqualTo(history.get(i - 1).stateAfter());
      assertThat(Status.isAllowed(history.get(i).stateBefore(), history.get(i).stateAfter()))
          .isTrue();
    }
    assertThat(store.findJob(id).orElseThrow().transition()).isEqualTo(history.getLast());
  }

  // ---------------------------------------------------------------- queries

  @Test
  void find_events_filters_by_sources_triggers_and_versions_in_and_not_in() {
    NewEvent e1 = anEvent().source("segment").trigger("track").version("v1").withJobs(1).build();
    NewEvent e2 = anEvent().source("segment").trigger("identify").version("v2").withJobs(1).build();
    NewEvent e3 = anEvent().source("stripe").trigger("webhook").version(null).withJobs(1).build();
    store.insert(List.of(e1, e2, e3), T0);

    assertThat(events(filter().sourcesIn("segment"))).containsExactly(e2.id(), e1.id());
    assertThat(events(filter().sourcesNotIn("segment"))).containsExactly(e3.id());
    assertThat(events(filter().triggersIn("track", "webhook"))).containsExactly(e3.id(), e1.id());
    assertThat(events(filter().triggersNotIn("track"))).containsExactly(e3.id(), e2.id());
    assertThat(events(filter().versionsIn("v1"))).containsExactly(e1.id());
    // An unversioned event is not in version v1.
    assertThat(events(filter().versionsNotIn("v1"))).containsExactly(e3.id(), e2.id());
    assertThat(events(filter().sourcesIn("segment").triggersNotIn("identify")))
        .containsExactly(e1.id());
    assertThat(events(filter().sourcesIn("nobody"))).isEmpty();
  }

  @Test
  void find_events_filters_by_received_before_and_after() {
    NewEvent e1 = anEvent().receivedAt(T0).withJobs(1).build();
    NewEvent e2 = anEvent().receivedAt(T0.plusSeconds(3600)).withJobs(1).build();
    NewEvent e3 = anEvent().receivedAt(T0.plusSeconds(7200)).withJobs(1).build();
    store.insert(List.of(e1, e2, e3), T0.plusSeconds(7200));

    assertThat(events(filter().receivedAfter(T0))).containsExactly(e3.id(), e2.id());
    assertThat(events(filter().receivedBefore(T0.plusSeconds(7200))))
        .containsExactly(e2.id(), e1.id());
    assertThat(events(filter().receivedAfter(T0).receivedBefore(T0.plusSeconds(7200))))
        .containsExactly(e2.id());
    assertThat(events(filter().receivedAfter(T0.minusNanos(1000)))).hasSize(3);
  }

  @Test
  void find_events_with_job_filters_returns_only_events_having_a_matching_job_with_all_its_jobs() {
    NewEvent e1 = anEvent().withJob(aJob().action("post")).withJob(aJob().action("put")).build();
    NewEvent e2 = anEvent().withJob(aJob().action("put")).build();
    store.insert(List.of(e1, e2), T0);
    store.claim(claim(DESTINATION, "put", "a", T0, LEASE, 10));

    Page<Event> posts = store.findEvents(Query.all().withJobs(jobs().actionsIn("post").build()));
    assertThat(posts.items()).extracting(Event::id).containsExactly(e1.id());
    assertThat(posts.items().getFirst().jobs()).hasSize(2);
    assertThat(posts.count()).isEqualTo(1);

    Page<Event> acknowledged =
        store.findEvents(Query.all().withJobs(jobs().statusIn(Status.ACKNOWLEDGED).build()));
    assertThat(acknowledged.items()).extracting(Event::id).containsExactly(e1.id());
    Page<Event> awaiting =
        store.findEvents(Query.all().withJobs(jobs().statusIn(Status.AWAITING).build()));
    assertThat(awaiting.items()).extracting(Event::id).containsExactly(e2.id(), e1.id());
    Page<Event> ofE2 = store.findEvents(Query.all().withJobs(jobs().eventId(e2.id()).build()));
    assertThat(ofE2.items()).extracting(Event::id).containsExactly(e2.id());
    Page<Event> bothFilters =
        store.findEvents(
            Query.all()
                .withEvents(filter().sourcesIn("nobody").build())
                .withJobs(jobs().actionsIn("put").build()));
    assertThat(bothFilters.items()).isEmpty();
    assertThat(bothFilters.count()).isZero();
  }

  @Test
  void find_jobs_filters_by_destinations_actions_and_statuses_in_and_not_in() {
    NewEvent event =
        anEvent()
            .withJob(aJob().destination("crm").action("upsert"))
            .withJob(aJob().destination("crm").action("delete"))
            .withJob(aJob().destination("webhook").action("post"))
            .build();
    store.insert(List.of(event), T0);
    String upsert = event.jobs().get(0).id();
    String delete = event.jobs().get(1).id();
    String post = event.jobs().get(2).id();
    store.claim(claim("crm", "upsert", "a", T0, LEASE, 1));

    assertThat(jobIds(jobs().destinationsIn("crm"))).containsExactly(delete, upsert);
    assertThat(jobIds(jobs().destinationsNotIn("crm"))).containsExactly(post);
    assertThat(jobIds(jobs().actionsIn("post", "delete"))).containsExactly(post, delete);
    assertThat(jobIds(jobs().actionsNotIn("post", "delete"))).containsExactly(upsert);
    assertThat(jobIds(jobs().statusIn(Status.AWAITING))).containsExactly(upsert);
    assertThat(jobIds(jobs().statusIn(Status.AWAITING, Status.ACKNOWLEDGED)))
        .containsExactly(post, delete, upsert);
    assertThat(jobIds(jobs().statusNotIn(Status.AWAITING))).containsExactly(post, delete);
    assertThat(jobIds(jobs().destinationsIn("crm").statusNotIn(Status.AWAITING)))
        .containsExactly(delete);
  }

  @Test
  void find_jobs_filters_by_min_and_max_attempts() {
    NewEvent event =
        anEvent()
            .withJob(aJob().action("a0"))
            .withJob(aJob().action("a1"))
            .withJob(aJob().action("a2"))
            .build();
    store.insert(List.of(event), T0);
    String zero = event.jobs().get(0).id();
    String one = event.jobs().get(1).id();
    String two = event.jobs().get(2).id();
    store.claim(claim(DESTINATION, "a1", "a", T0, LEASE, 1));
    store.claim(claim(DESTINATION, "a2", "a", T0, LEASE, 1));
    store.start("a", List.of(two), T0, T0.plus(LEASE));
    store.complete("a", List.of(failed(two, T0, "again")), List.of(), T0);
    store.claim(claim(DESTINATION, "a2", "a", T0, LEASE, 1));

    assertThat(store.findJob(two).orElseThrow().attempt()).isEqualTo(2);
    assertThat(jobIds(jobs().minAttempts(1))).containsExactly(two, one);
    assertThat(jobIds(jobs().maxAttempts(1))).containsExactly(one, zero);
    assertThat(jobIds(jobs().minAttempts(1).maxAttempts(1))).containsExactly(one);
    assertThat(jobIds(jobs().minAttempts(3))).isEmpty();
  }

  @Test
  void find_jobs_filters_by_event_id_and_by_event_filters() {
    NewEvent e1 = anEvent().source("segment").withJobs(2).build();
    NewEvent e2 = anEvent().source("stripe").withJobs(1).build();
    store.insert(List.of(e1, e2), T0);

    assertThat(jobIds(jobs().eventId(e1.id())))
        .containsExactly(e1.jobs().get(1).id(), e1.jobs().get(0).id());
    Page<Job> stripe = store.findJobs(Query.all().withEvents(filter().sourcesIn("stripe").build()));
    assertThat(stripe.items()).extracting(Job::id).containsExactly(e2.jobs().getFirst().id());
    assertThat(stripe.count()).isEqualTo(1);
    Page<Job> none =
        store.findJobs(
            Query.all()
                .withEvents(filter().sourcesIn("stripe").build())
                .withJobs(jobs().eventId(e1.id()).build()));
    assertThat(none.items()).isEmpty();
  }

  @Test
  void find_events_pages_newest_first_with_the_total_count() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      NewEvent event = anEvent().source(i % 2 == 0 ? "even" : "odd").withJobs(1).build();
      store.insert(List.of(event), T0);
      ids.add(event.id());
    }
    List<String> newestFirst = new ArrayList<>(ids);
    Collections.reverse(newestFirst);

    Page<Event> first = store.findEvents(Query.all().withPage(0, 3));
    Page<Event> second = store.findEvents(Query.all().withPage(3, 3));
    Page<Event> last = store.findEvents(Query.all().withPage(6, 3));
    Page<Event> beyond = store.findEvents(Query.all().withPage(9, 3));
    Page<Event> evens =
        store.findEvents(Query.all().withEvents(filter().sourcesIn("even").build()).withPage(1, 2));

    assertThat(first.items())
        .extracting(Event::id)
        .containsExactlyElementsOf(newestFirst.subList(0, 3));
    assertThat(second.items())
        .extracting(Event::id)
        .containsExactlyElementsOf(newestFirst.subList(3, 6));
    assertThat(last.items()).extracting(Event::id).containsExactly(newestFirst.get(6));
    assertThat(beyond.items()).isEmpty();
    assertThat(List.of(first.count(), second.count(), last.count(), beyond.count()))
        .containsOnly(7L);
    assertThat(first.offset()).isZero();
    assertThat(second.offset()).isEqualTo(3);
    assertThat(second.limit()).isEqualTo(3);
    assertThat(evens.items()).extracting(Event::id).containsExactly(ids.get(4), ids.get(2));
    assertThat(evens.count()).isEqualTo(4);
  }

  @Test
  void find_jobs_pages_newest_first_with_the_total_count() {
    NewEvent event = anEvent().withJobs(5).withJobs(2, j -> j.action("other")).build();
    store.insert(List.of(event), T0);
    List<String> newestFirst = new ArrayList<>(ids(event.jobs()));
    Collections.reverse(newestFirst);

    Page<Job> first = store.findJobs(Query.all().withPage(0, 4));
    Page<Job> second = store.findJobs(Query.all().withPage(4, 4));
    Page<Job> filtered =
        store.findJobs(Query.all().withJobs(jobs().actionsIn(ACTION).build()).withPage(3, 4));

    assertThat(first.items())
        .extracting(Job::id)
        .containsExactlyElementsOf(newestFirst.subList(0, 4));
    assertThat(second.items())
        .extracting(Job::id)
        .containsExactlyElementsOf(newestFirst.subList(4, 7));
    assertThat(first.count()).isEqualTo(7);
    assertThat(second.count()).isEqualTo(7);
    assertThat(filtered.items())
        .extracting(Job::id)
        .containsExactlyElementsOf(newestFirst.subList(5, 7));
    assertThat(filtered.count()).isEqualTo(5);
  }

  @Test
  void finding_an_unknown_id_finds_nothing() {
    store.insert(List.of(anEvent().withJobs(1).build()), T0);

    assertThat(store.findEvent("no-such-event")).isEmpty();
    assertThat(store.findJob("no-such-job")).isEmpty();
    assertThat(store.findTransitions("no-such-job")).isEmpty();
  }

  // ---------------------------------------------------------------- purge

  @Test
  void purge_by_default_deletes_the_events_whose_jobs_all_succeeded_with_their_history() {
    NewEvent done = anEvent().withJobs(2).build();
    NewEvent mixed = anEvent().withJobs(2).build();
    NewEvent pending = anEvent().withJob(aJob().nextAt(T0.plusSeconds(3600))).build();
    NewEvent running = anEvent().withJobs(1).build();
    NewEvent noJobs = anEvent().build();
    NewEvent dropped = anEvent().withJobs(1).build();
    store.insert(List.of(done, mixed, pending, running, noJobs, dropped), T0);
    assertThat(store.claimAndStart(claim("a", T0, 100)).size()).isEqualTo(6);
    List<Outcome> outcomes = new ArrayList<>();
    done.jobs().forEach(job -> outcomes.add(succeeded(job.id())));
    outcomes.add(succeeded(mixed.jobs().get(0).id()));
    outcomes.add(failed(mixed.jobs().get(1).id(), T0.plusSeconds(30), "HTTP 503"));
    outcomes.add(discarded(dropped.jobs().getFirst().id(), "HTTP 400"));
    store.complete("a", outcomes, List.of(), T0);
    Event mixedBefore = store.findEvent(mixed.id()).orElseThrow();
    List<Transition> failedHistory = store.findTransitions(mixed.jobs().get(1).id());

    int deleted = store.purge(Purge.succeededBefore(T0.plusSeconds(1)));

    assertThat(deleted).isEqualTo(2);
    assertThat(store.findEvent(done.id())).isEmpty();
    assertThat(store.findEvent(noJobs.id())).isEmpty();
    for (NewJob job : done.jobs()) {
      assertThat(store.findJob(job.id())).isEmpty();
      assertThat(store.findTransitions(job.id())).isEmpty();
    }
    assertThat(store.findEvent(mixed.id())).contains(mixedBefore);
    assertThat(store.findTransitions(mixed.jobs().get(1).id())).isEqualTo(failedHistory);
    assertThat(store.findEvent(pending.id())).isPresent();
    assertThat(store.findEvent(running.id())).isPresent();
    assertThat(store.findEvent(dropped.id())).isPresent();
    assertThat(store.findEvents(Query.all()).count()).isEqualTo(4);
    assertThat(store.purge(Purge.succeededBefore(T0.plusSeconds(1)))).isZero();
    // What was kept still works: the failed job is retried at its time.
    assertThat(ids(store.claim(claim("b", T0.plusSeconds(30), 10))))
        .containsExactly(mixed.jobs().get(1).id());
  }

  @Test
  void purge_deletes_the_events_whose_jobs_are_all_in_any_of_the_given_statuses() {
    NewEvent done = anEvent().withJobs(1).build();
    NewEvent dropped = anEvent().withJobs(1).build();
    NewEvent both = anEvent().withJobs(2).build();
    NewEvent retrying = anEvent().withJobs(1).build();
    store.insert(List.of(done, dropped, both, retrying), T0);
    store.claimAndStart(claim("a", T0, 100));
    store.complete(
        "a",
        List.of(
            succeeded(done.jobs().getFirst().id()),
            discarded(dropped.jobs().getFirst().id(), "HTTP 400"),
            succeeded(both.jobs().get(0).id()),
            discarded(both.jobs().get(1).id(), "HTTP 400"),
            failed(retrying.jobs().getFirst().id(), T0.plusSeconds(60), "HTTP 503")),
        List.of(),
        T0);

    int deleted =
        store.purge(
            new Purge(
                EventFilter.NONE,
                Set.of(Status.SUCCEEDED, Status.DISCARDED),
                T0.plusSeconds(1),
                100));

    assertThat(deleted).isEqualTo(3);
    assertThat(store.findEvents(Query.all()).items())
        .extracting(Event::id)
        .containsExactly(retrying.id());
  }

  @Test
  void purge_deletes_only_events_received_before_the_bound() {
    NewEvent older = anEvent().receivedAt(T0.minusSeconds(7200)).build();
    NewEvent old = anEvent().receivedAt(T0.minusSeconds(3600)).build();
    NewEvent recent = anEvent().receivedAt(T0).build();
    store.insert(List.of(older, old, recent), T0);

    assertThat(store.purge(Purge.succeededBefore(T0.minusSeconds(3600)))).isEqualTo(1);
    assertThat(store.findEvent(older.id())).isEmpty();
    assertThat(store.findEvent(old.id())).isPresent();
    assertThat(store.purge(Purge.succeededBefore(T0))).isEqualTo(1);
    assertThat(store.findEvents(Query.all()).items())
        .extracting(Event::id)
        .containsExactly(recent.id());
  }

  @Test
  void purge_deletes_only_events_matching_its_event_filter() {
    NewEvent segment = anEvent().source("segment").build();
    NewEvent stripe = anEvent().source("stripe").trigger("webhook").build();
    NewEvent stripeV2 = anEvent().source("stripe").trigger("webhook").version("v2").build();
    store.insert(List.of(segment, stripe, stripeV2), T0);

    int deleted =
        store.purge(
            new Purge(
                filter().sourcesIn("stripe").versionsNotIn("v2").build(),
                Set.of(Status.SUCCEEDED),
                T0.plusSeconds(1),
                100));

    assertThat(deleted).isEqualTo(1);
    assertThat(store.findEvents(Query.all()).items())
        .extracting(Event::id)
        .containsExactly(stripeV2.id(), segment.id());
  }

  @Test
  void purge_deletes_at_most_its_limit_of_events_per_call_oldest_first() {
    List<NewEvent> events = new ArrayList<>();
    for (int seconds : new int[] {3, 5, 1, 4, 2}) {
      events.add(anEvent().receivedAt(T0.minusSeconds(seconds)).build());
    }
    store.insert(events, T0);
    Purge purge = new Purge(EventFilter.NONE, Set.of(Status.SUCCEEDED), T0, 2);

    assertThat(store.purge(purge)).isEqualTo(2);
    assertThat(store.findEvents(Query.all()).items())
        .extracting(Event::id)
        .containsExactlyInAnyOrder(events.get(0).id(), events.get(2).id(), events.get(4).id());
    assertThat(store.purge(purge)).isEqualTo(2);
    assertThat(store.findEvents(Query.all()).items())
        .extracting(Event::id)
        .containsExactly(events.get(2).id());
    assertThat(store.purge(purge)).isEqualTo(1);
    assertThat(store.purge(purge)).isZero();
  }

  @Test
  void purge_deletes_sub_events_with_their_parent_and_counts_them() {
    EventBuilder parent = anEvent().withJobs(1);
    NewEvent sub1 = anEvent().parentEventId(parent.id()).withJobs(1).build();
    NewEvent sub2 = anEvent().parentEventId(parent.id()).build();
    EventBuilder keptParent = anEvent().withJobs(1);
    NewEvent failingSub = anEvent().parentEventId(keptParent.id()).withJobs(1).build();
    NewEvent orphan = anEvent().parentEventId("an-event-purged-long-ago").build();
    store.insert(List.of(parent.build(), sub1, sub2, keptParent.build(), failingSub, orphan), T0);
    Queue queue = store.claimAndStart(claim("a", T0, 100));
    List<Outcome> outcomes = new ArrayList<>();
    for (Job job : queue.jobs()) {
      outcomes.add(
          job.eventId().equals(failingSub.id())
              ? failed(job.id(), T0.plusSeconds(60), "HTTP 503")
              : succeeded(job.id()));
    }
    store.complete("a", outcomes, List.of(), T0);

    int deleted = store.purge(Purge.succeededBefore(T0.plusSeconds(1)));

    assertThat(deleted).isEqualTo(4);
    for (String gone : List.of(parent.id(), sub1.id(), sub2.id(), orphan.id())) {
      assertThat(store.findEvent(gone)).as("event %s", gone).isEmpty();
    }
    String subJob = sub1.jobs().getFirst().id();
    assertThat(store.findJob(subJob)).isEmpty();
    assertThat(store.findTransitions(subJob)).isEmpty();
    // A sub-event whose job is not done keeps its parent, and the parent keeps it.
    assertThat(store.findEvents(Query.all()).items())
        .extracting(Event::id)
        .containsExactly(failingSub.id(), keptParent.id());
    assertThat(store.findTransitions(failingSub.jobs().getFirst().id())).hasSize(4);
  }

  @Test
  void purge_limit_counts_root_events_and_takes_their_sub_events_along() {
    EventBuilder first = anEvent().receivedAt(T0.minusSeconds(2));
    EventBuilder second = anEvent().receivedAt(T0.minusSeconds(1));
    List<NewEvent> events = new ArrayList<>(List.of(first.build(), second.build()));
    for (int i = 0; i < 3; i++) {
      events.add(anEvent().receivedAt(T0.minusSeconds(2)).parentEventId(first.id()).build());
      events.add(anEvent().receivedAt(T0.minusSeconds(1)).parentEventId(second.id()).build());
    }
    store.insert(events, T0);
    Purge one = new Purge(EventFilter.NONE, Set.of(Status.SUCCEEDED), T0, 1);

    assertThat(store.purge(one)).isEqualTo(4);
    assertThat(store.findEvent(first.id())).isEmpty();
    assertThat(store.findEvents(Query.all()).count()).isEqualTo(4);
    assertThat(store.purge(one)).isEqualTo(4);
    assertThat(store.findEvents(Query.all()).count()).isZero();
  }

  // ---------------------------------------------------------------- durability

  @Test
  void data_survives_close_and_reopen() {
    NewEvent event = anEvent().withJobs(3).build();
    store.insert(List.of(event), T0);
    List<String> ids = ids(store.claim(claim("a", T0, 2)));
    store.start("a", ids, T0, T0.plus(LEASE));
    store.complete("a", List.of(succeeded(ids.get(0))), List.of(), T0.plusSeconds(1));
    Event before = store.findEvent(event.id()).orElseThrow();
    List<List<Transition>> histories = new ArrayList<>();
    for (NewJob job : event.jobs()) {
      histories.add(store.findTransitions(job.id()));
    }

    Store reopened = reopenStore();

    assertThat(reopened.findEvent(event.id())).contains(before);
    for (int i = 0; i < event.jobs().size(); i++) {
      assertThat(reopened.findTransitions(event.jobs().get(i).id())).isEqualTo(histories.get(i));
    }
    assertThat(reopened.complete("a", List.of(succeeded(ids.get(1))), List.of(), T0))
        .containsExactly(ids.get(1));
  }

  @Test
  void jobs_of_a_claimer_that_vanished_are_claimable_after_reopen_once_the_lease_expires() {
    store.insert(List.of(anEvent().withJobs(3).build()), T0);
    List<String> ids = ids(store.claim(claim("vanished", T0, 3)));
    store.start("vanished", List.of(ids.get(0)), T0, T0.plus(LEASE));

    Store reopened = reopenStore();

    assertThat(reopened.claim(claim("survivor", T0.plus(LEASE).minusSeconds(1), 10)).isEmpty())
        .isTrue();
    Queue reclaimed = reopened.claim(claim("survivor", T0.plus(LEASE), 10));
    assertThat(ids(reclaimed)).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(reclaimed.jobs())
        .allSatisfy(
            job -> assertThat(job.transition().error()).contains("lease of vanished expired"));
  }

  @Test
  void migrate_is_safe_to_run_again() {
    NewEvent event = anEvent().withJobs(1).build();
    store.insert(List.of(event), T0);

    store.migrate();

    assertThat(store.findEvent(event.id())).isPresent();
    assertThat(store.claim(claim("a", T0, 1)).size()).isEqualTo(1);
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Asserts that {@code actual} is JSON text holding the same value as {@code expected}, however
   * formatted: a backend may give JSON back with other spacing, key order or number notation (such
   * as PostgreSQL's {@code jsonb}).
   */
  protected static void assertSameJson(@Nullable String actual, String expected) {
    assertThat(actual).as("JSON text").isNotNull();
    assertThat(Json.tree(actual).equals(SAME_VALUE, Json.tree(expected)))
        .as("%s holds the JSON value %s", actual, expected)
        .isTrue();
  }

  /** Asserts that two transitions are equal, their errors as JSON values. */
  protected static void assertSameTransition(Transition actual, Transition expected) {
    assertThat(actual).usingRecursiveComparison().ignoringFields("error").isEqualTo(expected);
    String error = expected.error();
    if (error == null) {
      assertThat(actual.error()).isNull();
    } else {
      assertSameJson(actual.error(), error);
    }
  }

  // ---------------------------------------------------------------- operator retry and discard

  /** Inserts one event with a job per status in {@code statuses}, each driven there; their ids. */
  private List<String> jobsIn(Status... statuses) {
    NewEvent event = anEvent().withJobs(statuses.length).build();
    store.insert(List.of(event), T0);
    List<String> ids = ids(event.jobs());
    Queue started = store.claimAndStart(claim("loader", T0, statuses.length));
    assertThat(ids(started)).containsExactlyInAnyOrderElementsOf(ids);
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < statuses.length; i++) {
      String id = ids.get(i);
      switch (statuses[i]) {
        case SUCCEEDED -> outcomes.add(succeeded(id));
        case FAILED -> outcomes.add(failed(id, T0.plusSeconds(3600), "boom"));
        case DISCARDED -> outcomes.add(discarded(id, "gone"));
        case UNKNOWN -> outcomes.add(unknown(id));
        default -> throw new IllegalArgumentException("cannot drive a job to " + statuses[i]);
      }
    }
    store.complete("loader", outcomes, List.of(), T0);
    return ids;
  }

  @Test
  void retry_moves_failed_discarded_and_unknown_jobs_to_acknowledged_keeping_their_attempt() {
    List<String> ids = jobsIn(Status.FAILED, Status.DISCARDED, Status.UNKNOWN, Status.SUCCEEDED);
    Instant now = T0.plusSeconds(10);

    Set<String> retried = store.retry(ids, now);

    assertThat(retried).containsExactlyInAnyOrderElementsOf(ids.subList(0, 3));
    for (String id : ids.subList(0, 3)) {
      Job job = store.findJob(id).orElseThrow();
      assertThat(job.status()).isEqualTo(Status.ACKNOWLEDGED);
      assertThat(job.attempt()).isEqualTo(1);
      assertThat(job.transition().createdAt()).isEqualTo(now);
      assertThat(job.transition().stateAfter()).isEqualTo(Status.ACKNOWLEDGED);
      assertSameJson(job.transition().error(), StoreFixtures.error("retried by an operator"));
      List<Transition> history = store.findTransitions(id);
      assertThat(history).hasSize(5);
      assertThat(history.getLast()).isEqualTo(job.transition());
      assertThat(history.get(3).stateAfter()).isNotEqualTo(Status.ACKNOWLEDGED);
    }
    assertThat(store.findJob(ids.get(3)).orElseThrow().status()).isEqualTo(Status.SUCCEEDED);
    assertThat(store.findTransitions(ids.get(3))).hasSize(4);
  }

  @Test
  void retried_job_is_claimable_at_once_and_its_next_claim_starts_its_next_attempt() {
    List<String> ids = jobsIn(Status.FAILED);
    Instant now = T0.plusSeconds(10);
    // Failed with a retry in an hour: not due yet.
    assertThat(store.claim(claim("other", now, 10)).isEmpty()).isTrue();

    store.retry(ids, now);
    Queue claimed = store.claimAndStart(claim("other", now, 10));

    assertThat(ids(claimed)).containsExactlyElementsOf(ids);
    Job job = claimed.jobs().getFirst();
    assertThat(job.status()).isEqualTo(Status.EXECUTING);
    assertThat(job.attempt()).isEqualTo(2);
  }

  @Test
  void retry_leaves_acknowledged_awaiting_executing_and_unknown_ids_alone() {
    store.insert(List.of(anEvent().withJobs(1).build()), T0);
    String acknowledged = store.findJobs(Query.all()).items().getFirst().id();
    store.insert(List.of(anEvent().withJobs(2).build()), T0);
    Queue claimed = store.claim(claim("loader", T0, 10));
    List<String> awaiting = ids(claimed).stream().filter(id -> !id.equals(acknowledged)).toList();
    store.start("loader", List.of(awaiting.get(0)), T0, T0.plus(LEASE));
    List<String> all = new ArrayList<>(awaiting);
    all.add("no-such-job");

    assertThat(store.retry(all, T0.plusSeconds(1))).isEmpty();
    assertThat(store.retry(List.of(), T0)).isEmpty();
    for (String id : awaiting) {
      assertThat(store.findTransitions(id).getLast().stateAfter())
          .isIn(Status.AWAITING, Status.EXECUTING);
    }
  }

  @Test
  void discard_moves_acknowledged_failed_and_unknown_jobs_to_discarded_for_good() {
    List<String> loaded = jobsIn(Status.FAILED, Status.UNKNOWN, Status.SUCCEEDED, Status.DISCARDED);
    NewEvent fresh = anEvent().withJobs(1).build();
    store.insert(List.of(fresh), T0);
    String acknowledged = fresh.jobs().getFirst().id();
    List<String> all = new ArrayList<>(loaded);
    all.add(acknowledged);
    Instant now = T0.plusSeconds(20);

    Set<String> discarded = store.discard(all, now);

    assertThat(discarded).containsExactlyInAnyOrder(loaded.get(0), loaded.get(1), acknowledged);
    for (String id : discarded) {
      Job job = store.findJob(id).orElseThrow();
      assertThat(job.status()).isEqualTo(Status.DISCARDED);
      assertThat(job.transition().createdAt()).isEqualTo(now);
      assertSameJson(job.transition().error(), StoreFixtures.error("discarded by an operator"));
    }
    assertThat(store.findJob(acknowledged).orElseThrow().attempt()).isZero();
    assertThat(store.findTransitions(loaded.get(3))).hasSize(4);
    assertThat(store.claim(claim("any", now.plus(Duration.ofDays(365)), 10)).isEmpty()).isTrue();
  }

  @Test
  void discarded_job_can_be_retried_and_history_keeps_every_step() {
    List<String> ids = jobsIn(Status.FAILED);
    store.discard(ids, T0.plusSeconds(1));
    store.retry(ids, T0.plusSeconds(2));

    assertThat(store.findTransitions(ids.getFirst()))
        .extracting(Transition::stateBefore, Transition::stateAfter)
        .containsExactly(
            tuple(null, Status.ACKNOWLEDGED),
            tuple(Status.ACKNOWLEDGED, Status.AWAITING),
            tuple(Status.AWAITING, Status.EXECUTING),
            tuple(Status.EXECUTING, Status.FAILED),
            tuple(Status.FAILED, Status.DISCARDED),
            tuple(Status.DISCARDED, Status.ACKNOWLEDGED));
  }

  @Test
  void discard_racing_claims_never_leaves_a_job_both_claimed_and_discarded() throws Exception {
    List<NewEvent> events = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      events.add(anEvent().withJobs(8).build());
    }
    store.insert(events, T0);
    List<String> ids = new ArrayList<>();
    events.forEach(e -> ids.addAll(ids(e.jobs())));
    Set<String> claimed = Collections.synchronizedSet(new HashSet<>());
    Set<String> discarded = Collections.synchronizedSet(new HashSet<>());
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < 2; c++) {
        String owner = "claimer-" + c;
        done.add(
            pool.submit(() -> {
              go.await();
              while (true) {
                Queue queue = store.claim(claim(owner, T0, 5));
                if (queue.isEmpty()) {
                  return null;
                }
                claimed.addAll(ids(queue));
              }
            }));
      }
      done.add(
          pool.submit(() -> {
            go.await();
            for (int i = ids.size() - 1; i >= 0; i -= 10) {
              discarded.addAll(store.discard(ids.subList(Math.max(0, i - 9), i + 1), T0));
            }
            return null;
          }));
      go.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(claimed).doesNotContainAnyElementsOf(discarded);
    assertThat(claimed.size() + discarded.size()).isEqualTo(ids.size());
    for (String id : ids) {
      List<Transition> history = store.findTransitions(id);
      assertThat(history).hasSize(2);
      Status expected = discarded.contains(id) ? Status.DISCARDED : Status.AWAITING;
      assertThat(history.getLast().stateAfter()).isEqualTo(expected);
      assertThat(store.findJob(id).orElseThrow().status()).isEqualTo(expected);
    }
  }

  @Test
  void retry_of_many_jobs_changes_them_all_in_one_call() {
    List<NewEvent> events = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      events.add(anEvent().withJobs(40).build());
    }
    store.insert(events, T0);
    List<String> ids = new ArrayList<>();
    events.forEach(e -> ids.addAll(ids(e.jobs())));

    assertThat(store.discard(ids, T0.plusSeconds(1))).hasSize(1200);
    assertThat(store.retry(ids, T0.plusSeconds(2))).hasSize(1200);
    assertThat(
            store
                .findJobs(Query.all().withJobs(jobs().statusIn(Status.ACKNOWLEDGED).build()))
                .count())
        .isEqualTo(1200);
  }

  // Numbers are equal by value (1e3 and 1000, 1.5 and 1.50); other nodes by equals.
  private static final Comparator<JsonNode> SAME_VALUE =
      (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
          return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
      };

  /** Closes the store under test and makes a reopened one the store under test. */
  private Store reopenStore() {
    Store closed = store;
    closed.close();
    open.remove(closed);
    store = reopen(closed);
    open.add(store);
    return store;
  }

  private List<String> events(EventFilterBuilder filter) {
    return store.findEvents(Query.all().withEvents(filter.build())).items().stream()
        .map(Event::id)
        .toList();
  }

  private List<String> jobIds(JobFilterBuilder filter) {
    return store.findJobs(Query.all().withJobs(filter.build())).items().stream()
        .map(Job::id)
        .toList();
  }

  private static List<String> ids(Queue queue) {
    return queue.jobs().stream().map(Job::id).toList();
  }

  private static List<String> ids(List<NewJob> jobs) {
    return jobs.stream().map(NewJob::id).toList();
  }

  private static EventFilterBuilder filter() {
    return new EventFilterBuilder();
  }

  private static JobFilterBuilder jobs() {
    return new JobFilterBuilder();
  }

  /** Builds an {@link EventFilter} field by field. */
  private static final class EventFilterBuilder {
    private Set<String> sourcesIn = Set.of();
    private Set<String> sourcesNotIn = Set.of();
    private Set<String> triggersIn = Set.of();
    private Set<String> triggersNotIn = Set.of();
    private Set<String> versionsIn = Set.of();
    private Set<String> versionsNotIn = Set.of();
    private @Nullable Instant receivedBefore;
    private @Nullable Instant receivedAfter;

    EventFilterBuilder sourcesIn(String... values) {
      sourcesIn = Set.of(values);
      return this;
    }

    EventFilterBuilder sourcesNotIn(String... values) {
      sourcesNotIn = Set.of(values);
      return this;
    }

    EventFilterBuilder triggersIn(String... values) {
      triggersIn = Set.of(values);
      return this;
    }

    EventFilterBuilder triggersNotIn(String... values) {
      triggersNotIn = Set.of(values);
      return this;
    }

    EventFilterBuilder versionsIn(String... values) {
      versionsIn = Set.of(values);
      return this;
    }

    EventFilterBuilder versionsNotIn(String... values) {
      versionsNotIn = Set.of(values);
      return this;
    }

    EventFilterBuilder receivedBefore(Instant value) {
      receivedBefore = value;
      return this;
    }

    EventFilterBuilder receivedAfter(Instant value) {
      receivedAfter = value;
      return this;
    }

    EventFilter build() {
      return new EventFilter(
          sourcesIn,
          sourcesNotIn,
          triggersIn,
          triggersNotIn,
          versionsIn,
          versionsNotIn,
          receivedBefore,
          receivedAfter);
    }
  }

  /** Builds a {@link JobFilter} field by field. */
  private static final class JobFilterBuilder {
    private Set<String> destinationsIn = Set.of();
    private Set<String> destinationsNotIn = Set.of();
    private Set<String> actionsIn = Set.of();
    private Set<String> actionsNotIn = Set.of();
    private Set<Status> statusIn = Set.of();
    private Set<Status> statusNotIn = Set.of();
    private @Nullable Integer minAttempts;
    private @Nullable Integer maxAttempts;
    private @Nullable String eventId;

    JobFilterBuilder destinationsIn(String... values) {
      destinationsIn = Set.of(values);
      return this;
    }

    JobFilterBuilder destinationsNotIn(String... values) {
      destinationsNotIn = Set.of(values);
      return this;
    }

    JobFilterBuilder actionsIn(String... values) {
      actionsIn = Set.of(values);
      return this;
    }

    JobFilterBuilder actionsNotIn(String... values) {
      actionsNotIn = Set.of(values);
      return this;
    }

    JobFilterBuilder statusIn(Status... values) {
      statusIn = Set.of(values);
      return this;
    }

    JobFilterBuilder statusNotIn(Status... values) {
      statusNotIn = Set.of(values);
      return this;
    }

    JobFilterBuilder minAttempts(int value) {
      minAttempts = value;
      return this;
    }

    JobFilterBuilder maxAttempts(int value) {
      maxAttempts = value;
      return this;
    }

    JobFilterBuilder eventId(String value) {
      eventId = value;
      return this;
    }

    JobFilter build() {
      return new JobFilter(
          destinationsIn,
          destinationsNotIn,
          actionsIn,
          actionsNotIn,
          statusIn,
          statusNotIn,
          minAttempts,
          maxAttempts,
          eventId);
    }
  }
}
