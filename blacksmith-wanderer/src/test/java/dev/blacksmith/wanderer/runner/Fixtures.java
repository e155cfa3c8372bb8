package dev.blacksmith.wanderer.runner;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Destination;
import dev.blacksmith.destination.Job;
import dev.blacksmith.destination.ThenSink;
import dev.blacksmith.source.CronTrigger;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.Source;
import dev.blacksmith.source.Trigger;
import dev.blacksmith.store.Queue;
import dev.blacksmith.wanderer.Direction;
import dev.blacksmith.wanderer.Migration;
import dev.blacksmith.wanderer.Migrations;
import dev.blacksmith.wanderer.Toolkit;
import dev.blacksmith.wanderer.WithMigrations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * An application whose components keep their migrations as files and run them, each script in one
 * transaction, against a real SQLite database (the "warehouse"), telling a journal what they do.
 */
final class Fixtures {

  private Fixtures() {}

  /** What the components did, in order: hooks and migrations. */
  static final class Journal {
    final List<String> entries = new CopyOnWriteArrayList<>();

    void add(String entry) {
      entries.add(entry);
    }
  }

  /** Called inside a migration, after its script ran, so a test can act meanwhile. */
  interface During {
    void run(Migration migration, Direction direction) throws Exception;
  }

  /** Writes migration files into {@code dir}, as name and content pairs. */
  static Path files(Path dir, String... nameThenContent) throws IOException {
    Files.createDirectories(dir);
    for (int i = 0; i < nameThenContent.length; i += 2) {
      Files.writeString(dir.resolve(nameThenContent[i]), nameThenContent[i + 1]);
    }
    return dir;
  }

  /** Runs migration scripts against one SQLite file, each in a transaction of its own. */
  static final class Warehouse {
    final Path file;

    Warehouse(Path file) {
      this.file = file;
    }

    void run(String script) throws SQLException {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
          for (String statement : script.split(";")) {
            if (!statement.isBlank()) {
              s.executeUpdate(statement);
            }
          }
          c.commit();
        } catch (SQLException e) {
          c.rollback();
          throw e;
        }
      }
    }

    Set<String> tables() throws SQLException {
      Set<String> names = new TreeSet<>();
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement s = c.createStatement();
          ResultSet rows =
              s.executeQuery("SELECT name FROM sqlite_master WHERE type IN ('table', 'index')")) {
        while (rows.next()) {
          names.add(rows.getString(1));
        }
      }
      return names;
    }
  }

  /** What every migrating component shares: its files, the warehouse, the journal. */
  abstract static class Migrating implements WithMigrations {
    final String label;
    final Path migrations;
    final Warehouse warehouse;
    final Journal journal;
    @Nullable Exception initFailure;
    @Nullable During during;

    Migrating(String label, Path migrations, Warehouse warehouse, Journal journal) {
      this.label = label;
      this.migrations = migrations;
      this.warehouse = warehouse;
      this.journal = journal;
    }

    @Override
    public List<Migration> migrations() {
      return Migrations.fromDirectory(migrations);
    }

    @Override
    public void migrate(Toolkit toolkit, Migration migration, Direction direction)
        throws Exception {
      journal.add(label + " " + direction.value() + " " + migration.version());
      warehouse.run(migration.script(direction));
      if (during != null) {
        during.run(migration, direction);
      }
    }

    void init() throws Exception {
      journal.add("init " + label);
      if (initFailure != null) {
        throw initFailure;
      }
    }

    void shutdown() {
      journal.add("shutdown " + label);
    }
  }

  /** A destination with migrations and hooks, and one action, {@code insert}. */
  static final class WarehouseDestination extends Migrating
      implements Destination, dev.blacksmith.destination.WithHooks {
    final InsertAction insert;

    WarehouseDestination(Path dir, Warehouse warehouse, Journal journal) {
      super("warehouse", dir.resolve("warehouse"), warehouse, journal);
      this.insert = new InsertAction(dir.resolve("insert"), warehouse, journal);
    }

    @Override
    public String name() {
      return "warehouse";
    }

    @Override
    public Map<String, Action> actions() {
      return Map.of("insert", insert);
    }

    @Override
    public void init(dev.blacksmith.destination.Toolkit toolkit) throws Exception {
      init();
    }

    @Override
    public void shutdown(dev.blacksmith.destination.Toolkit toolkit) {
      shutdown();
    }
  }

  /** An action with migrations and hooks. */
  static final class InsertAction extends Migrating
      implements Action, dev.blacksmith.destination.WithHooks {

    InsertAction(Path migrations, Warehouse warehouse, Journal journal) {
      super("warehouse/insert", migrations, warehouse, journal);
    }

    @Override
    public String name() {
      return "insert";
    }

    @Override
    public Job marshal(dev.blacksmith.destination.Toolkit toolkit) {
      return Job.of(Map.of());
    }

    @Override
    public void load(dev.blacksmith.destination.Toolkit toolkit, Queue queue, ThenSink then) {}

    @Override
    public void init(dev.blacksmith.destination.Toolkit toolkit) throws Exception {
      init();
    }

    @Override
    public void shutdown(dev.blacksmith.destination.Toolkit toolkit) {
      shutdown();
    }
  }

  /** A destination without migrations. */
  static final class PlainDestination implements Destination {
    @Override
    public String name() {
      return "crm";
    }

    @Override
    public Map<String, Action> actions() {
      return Map.of();
    }
  }

  /** A source with hooks but no migrations, and one CRON trigger with migrations and hooks. */
  static final class ShopSource implements Source, dev.blacksmith.source.WithHooks {
    final Journal journal;
    final PollTrigger poll;

    ShopSource(Path dir, Warehouse warehouse, Journal journal) {
      this.journal = journal;
      this.poll = new PollTrigger(dir.resolve("poll"), warehouse, journal);
    }

    @Override
    public String name() {
      return "shop";
    }

    @Override
    public Map<String, Trigger> triggers() {
      return Map.of("poll", poll);
    }

    @Override
    public void init(dev.blacksmith.source.Toolkit toolkit) {
      journal.add("init shop");
    }

    @Override
    public void shutdown(dev.blacksmith.source.Toolkit toolkit) {
      journal.add("shutdown shop");
    }
  }

  /** A CRON trigger with migrations and hooks. */
  static final class PollTrigger extends Migrating
      implements CronTrigger, dev.blacksmith.source.WithHooks {

    PollTrigger(Path migrations, Warehouse warehouse, Journal journal) {
      super("shop/poll", migrations, warehouse, journal);
    }

    @Override
    public String name() {
      return "poll";
    }

    @Override
    public @Nullable Event extract(dev.blacksmith.source.Toolkit toolkit) {
      return null;
    }

    @Override
    public void init(dev.blacksmith.source.Toolkit toolkit) throws Exception {
      init();
    }

    @Override
    public void shutdown(dev.blacksmith.source.Toolkit toolkit) {
      shutdown();
    }
  }

  /** Journal entries that start with one of {@code prefixes}. */
  static List<String> only(Journal journal, String... prefixes) {
    List<String> kept = new ArrayList<>();
    for (String e : journal.entries) {
      for (String p : prefixes) {
        if (e.startsWith(p)) {
          kept.add(e);
          break;
        }
      }
    }
    return kept;
  }
}
