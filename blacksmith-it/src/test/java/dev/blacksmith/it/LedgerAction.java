package dev.blacksmith.it;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Job;
import dev.blacksmith.destination.Schedule;
import dev.blacksmith.destination.Then;
import dev.blacksmith.destination.ThenSink;
import dev.blacksmith.destination.Toolkit;
import dev.blacksmith.store.Queue;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Actions {@code record} (realtime) and {@code batch} (every two seconds) of destination {@code
 * ledger}: a load writes one ledger row per job of its queue in one statement, then reports the
 * whole queue succeeded. A failed write fails the queue, retried one interval later (a second for
 * {@code record}), so a database outage delays jobs without discarding them.
 */
final class LedgerAction implements Action {

  /** The two actions and their schedules. */
  enum Kind {
    RECORD("record", true, "@every 1s"),
    BATCH("batch", false, "@every 2s");

    final String actionName;
    private final boolean realtime;
    private final String interval;

    Kind(String actionName, boolean realtime, String interval) {
      this.actionName = actionName;
      this.realtime = realtime;
      this.interval = interval;
    }

    Schedule schedule() {
      return new Schedule(realtime, interval, null);
    }
  }

  private final Kind kind;
  private final @Nullable String data;
  private final @Nullable Ledger ledger;

  private LedgerAction(Kind kind, @Nullable String data, @Nullable Ledger ledger) {
    this.kind = kind;
    this.data = data;
    this.ledger = ledger;
  }

  /** The action a trigger asks for, carrying an event's data to {@link #marshal}. */
  static LedgerAction carrying(Kind kind, String data) {
    return new LedgerAction(kind, data, null);
  }

  /** The action the destination registers, loading into {@code ledger}. */
  static LedgerAction loadingInto(Kind kind, Ledger ledger) {
    return new LedgerAction(kind, null, ledger);
  }

  @Override
  public String name() {
    return kind.actionName;
  }

  @Override
  public Schedule schedule() {
    return kind.schedule();
  }

  @Override
  public Job marshal(Toolkit toolkit) {
    return Job.ofJson(Objects.requireNonNull(data, "only the actions a trigger creates marshal"));
  }

  @Override
  public void load(Toolkit toolkit, Queue queue, ThenSink then) throws InterruptedException {
    Ledger into = Objects.requireNonNull(ledger, "only the registered action loads");
    List<String> jobIds = queue.jobs().stream().map(dev.blacksmith.store.Job::id).toList();
    String instance = toolkit.service() == null ? "unknown" : toolkit.service().id();
    try {
      into.record(kind.actionName, jobIds, instance);
    } catch (SQLException e) {
      then.send(Then.failed(e));
      return;
    }
    into.pause();
    then.send(Then.succeeded());
  }
}
