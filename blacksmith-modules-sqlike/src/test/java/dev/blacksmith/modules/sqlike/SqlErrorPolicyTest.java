package dev.blacksmith.modules.sqlike;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SqlErrorPolicyTest {

  @Test
  void by_default_data_constraint_and_syntax_errors_are_permanent_and_the_rest_retryable() {
    SqlErrorPolicy p = SqlErrorPolicy.DEFAULT;

    assertThat(p.isPermanent("22P02")).isTrue();
    assertThat(p.isPermanent("23505")).isTrue();
    assertThat(p.isPermanent("42P01")).isTrue();
    assertThat(p.isPermanent("40001")).isFalse();
    assertThat(p.isPermanent("40P01")).isFalse();
    assertThat(p.isPermanent("08006")).isFalse();
    assertThat(p.isPermanent("57014")).isFalse();
    assertThat(p.isPermanent(null)).isFalse();
  }

  @Test
  void an_exact_code_wins_over_a_class_either_way() {
    SqlErrorPolicy p = new SqlErrorPolicy(Set.of("42", "40P01"), Set.of("42p01"));

    assertThat(p.isPermanent("42601")).isTrue();
    assertThat(p.isPermanent("42P01")).isFalse();
    assertThat(p.isPermanent("40P01")).isTrue();
    assertThat(p.isPermanent("40001")).isFalse();
    assertThat(p.retryable()).containsExactly("42P01");
  }

  @Test
  void a_retryable_class_overrides_permanent_codes_only_when_they_are_not_named_exactly() {
    SqlErrorPolicy p =
        SqlErrorPolicy.DEFAULT.withRetryable(List.of("23")).withPermanent(List.of("23", "23505"));

    assertThat(p.isPermanent("23505")).isTrue();
    assertThat(p.isPermanent("23503")).isFalse();
  }

  @Test
  void entries_must_be_classes_or_codes() {
    assertThatThrownBy(() -> new SqlErrorPolicy(Set.of("2"), Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "permanent SQLSTATE '2' must be a class of 2 characters (such as 23) or a code of 5"
                + " (such as 23505)");
    assertThatThrownBy(() -> new SqlErrorPolicy(Set.of(), Set.of("40-01")))
        .hasMessageStartingWith("retryable SQLSTATE '40-01'");
  }

  @Test
  void sqlite_result_codes_are_read_as_sqlstates() {
    assertThat(Dialect.SQLITE.sqlState(new SQLException("constraint", null, 19)))
        .isEqualTo("23000");
    // Extended codes carry the primary code in their low byte: SQLITE_CONSTRAINT_UNIQUE is 2067.
    assertThat(Dialect.SQLITE.sqlState(new SQLException("unique", null, 2067))).isEqualTo("23000");
    assertThat(Dialect.SQLITE.sqlState(new SQLException("no such table", null, 1)))
        .isEqualTo("42000");
    assertThat(Dialect.SQLITE.sqlState(new SQLException("busy", null, 5))).isNull();
    assertThat(Dialect.POSTGRESQL.sqlState(new SQLException("busy", null, 5))).isNull();
  }

  @Test
  void the_state_of_a_batch_error_comes_from_the_error_inside_it() {
    BatchUpdateException batch =
        new BatchUpdateException("batch entry 3 failed", null, 0, new int[0]);
    batch.setNextException(new SQLException("duplicate key", "23505"));

    assertThat(Dialect.POSTGRESQL.sqlState(batch)).isEqualTo("23505");
  }
}
