package dev.blacksmith.modules.sqlike;

import static dev.blacksmith.modules.sqlike.SqlikeDestination.RUN_STATEMENTS;
import static dev.blacksmith.modules.sqlike.SqlikeDestination.runStatements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.store.Queue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The destination on a SQLite file in a temporary directory. */
class SqliteSqlikeTest extends SqlikeContractTest {

  private Path file() {
    return dir.resolve("data").resolve("warehouse.db");
  }

  @Override
  SqlikeConfig.Builder database() {
    return SqlikeConfig.builder().url("jdbc:sqlite:" + file());
  }

  @Override
  Connection connect() throws SQLException {
    try {
      Files.createDirectories(file().getParent());
    } catch (java.io.IOException e) {
      throw new SQLException(e);
    }
    return DriverManager.getConnection("jdbc:sqlite:" + file());
  }

  @Test
  void init_creates_the_file_and_its_directory_in_wal_mode() throws Exception {
    start();

    assertThat(file()).exists();
    assertThat(column("pragma journal_mode")).containsExactly("wal");
  }

  @Test
  void a_database_locked_by_another_writer_fails_the_queue_for_a_retry() throws Exception {
    execute("create table items (id integer primary key)");
    SqlikeDestination d = start(b -> b.connectionTimeout(java.time.Duration.ofMillis(300)));
    Queue queue =
        TestQueues.of(
            RUN_STATEMENTS,
            runStatements(SqlStatement.of("insert into items values (?)", 1)),
            runStatements(SqlStatement.of("insert into items values (?)", 2)));

    RecordingThens thens;
    try (Connection other = connect();
        Statement s = other.createStatement()) {
      s.execute("begin exclusive");
      thens = load(d, RUN_STATEMENTS, queue);
      s.execute("rollback");
    }

    assertThat(thens.outcomes().values())
        .extracting(RecordingThens.Outcome::status)
        .containsExactly("failed", "failed");
    assertThat(thens.outcome("job-1").message())
        .startsWith("queue of 2 jobs not loaded, to be retried: ")
        .contains("SQLITE_BUSY");
    assertThat(rows("select id from items")).isEmpty();
  }

  @Test
  void an_in_memory_database_is_refused_because_each_connection_would_see_its_own() {
    assertThatThrownBy(() -> SqlikeConfig.builder().url("jdbc:sqlite::memory:"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("in-memory SQLite database");
  }
}
