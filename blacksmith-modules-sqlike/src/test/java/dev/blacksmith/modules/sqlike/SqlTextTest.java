package dev.blacksmith.modules.sqlike;

import static dev.blacksmith.modules.sqlike.SqlText.Placeholders.NAMED;
import static dev.blacksmith.modules.sqlike.SqlText.Placeholders.POSITIONAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlTextTest {

  private static SqlText.Statement only(String sql) {
    List<SqlText.Statement> statements = SqlText.parse(sql, NAMED);
    assertThat(statements).hasSize(1);
    return statements.get(0);
  }

  @Test
  void named_parameters_become_question_marks_in_order_and_may_repeat() {
    SqlText.Statement s =
        only("update users set name = :name, seen = :at where email = :email or alias = :name");

    assertThat(s.sql())
        .isEqualTo("update users set name = ?, seen = ? where email = ? or alias = ?");
    assertThat(s.parameters()).containsExactly("name", "at", "email", "name");
    assertThat(s.firstWord()).isEqualTo("update");
  }

  @Test
  void casts_slices_and_assignments_are_not_parameters() {
    SqlText.Statement s =
        only("select :id::uuid, tags[1:n], tags[lo:hi], x::text, f(a := 1), :v::jsonb->'k'");

    assertThat(s.sql())
        .isEqualTo("select ?::uuid, tags[1:n], tags[lo:hi], x::text, f(a := 1), ?::jsonb->'k'");
    assertThat(s.parameters()).containsExactly("id", "v");
  }

  @Test
  void literals_identifiers_comments_and_dollar_quotes_hide_parameters_and_semicolons() {
    String sql =
        """
        -- :c1; in a line comment
        insert into "odd:col;" (a, b) /* :c2; /* nested :c3 */ still; */
        values ('it''s :s1; here', E'\\' :s2;', $$ :d1; $$, $tag$ :d2 ; $x$ $tag$, :real, `b:t`)
        """;

    List<SqlText.Statement> statements = SqlText.parse(sql, NAMED);

    assertThat(statements).hasSize(1);
    assertThat(statements.get(0).parameters()).containsExactly("real");
    assertThat(statements.get(0).sql()).contains(":c1;").contains(":d2 ;").contains(", ?, `b:t`)");
    assertThat(statements.get(0).firstWord()).isEqualTo("insert");
  }

  @Test
  void a_script_splits_at_top_level_semicolons_and_drops_empty_parts() {
    List<SqlText.Statement> statements =
        SqlText.parse(
            "insert into a values (:x);\n;  -- trailing comment only\n"
                + "delete from b where c = ':y';\n/* done */",
            NAMED);

    assertThat(statements).hasSize(2);
    assertThat(statements.get(0).sql()).isEqualTo("insert into a values (?)");
    assertThat(statements.get(0).parameters()).containsExactly("x");
    assertThat(statements.get(1).sql())
        .isEqualTo("-- trailing comment only\ndelete from b where c = ':y'");
    assertThat(statements.get(1).firstWord()).isEqualTo("delete");
    assertThat(statements.get(1).parameters()).isEmpty();
  }

  @Test
  void positional_mode_keeps_question_marks_and_colons_as_written() {
    List<SqlText.Statement> statements =
        SqlText.parse("insert into t (a, b) values (?, ?::int) -- one statement;", POSITIONAL);

    assertThat(statements).hasSize(1);
    assertThat(statements.get(0).sql())
        .isEqualTo("insert into t (a, b) values (?, ?::int) -- one statement;");
  }

  @Test
  void a_question_mark_in_a_template_is_refused_saying_where() {
    assertThatThrownBy(() -> SqlText.parse("select 1;\nselect data ? 'k' from t", NAMED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("a ? at line 2, column 13 is not allowed")
        .hasMessageContaining("jsonb_exists");
    assertThat(SqlText.parse("select '?' from t where \"?\" = :x", NAMED).get(0).parameters())
        .containsExactly("x");
  }

  @Test
  void unterminated_literals_and_comments_are_refused_saying_where() {
    assertThatThrownBy(() -> SqlText.parse("select 'abc", POSITIONAL))
        .hasMessage("unterminated ' quoted text starting at line 1, column 8");
    assertThatThrownBy(() -> SqlText.parse("select 1 /* a /* b */", POSITIONAL))
        .hasMessage("unterminated /* comment starting at line 1, column 10");
    assertThatThrownBy(() -> SqlText.parse("select $f$ body", POSITIONAL))
        .hasMessage("unterminated $f$ quoted text starting at line 1, column 8");
  }

  @Test
  void a_dollar_inside_an_identifier_or_before_a_digit_opens_no_quote() {
    SqlText.Statement s = only("select a$b$c, $1 from t where x = :x");

    assertThat(s.parameters()).containsExactly("x");
  }

  @Test
  void the_first_word_tells_plain_dml_from_the_rest() {
    assertThat(SqlText.parse("  INSERT into t values (1)", POSITIONAL).get(0).firstWord())
        .isEqualTo("insert");
    assertThat(SqlText.parse("/* c */ with x as (select 1) select * from x", POSITIONAL))
        .extracting(SqlText.Statement::firstWord)
        .containsExactly("with");
    assertThat(SqlText.parse("(select 1)", POSITIONAL).get(0).firstWord()).isNull();
    assertThat(new BoundStatement("delete from t", List.of(), "delete").isPlainDml()).isTrue();
    assertThat(new BoundStatement("select 1", List.of(), "select").isPlainDml()).isFalse();
  }
}
