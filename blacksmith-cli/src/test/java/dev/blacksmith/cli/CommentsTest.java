package dev.blacksmith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.cli.Comments.Syntax;
import org.junit.jupiter.api.Test;

class CommentsTest {

  @Test
  void java_line_comments_and_javadoc_blocks_go_code_stays() {
    String java =
        """
        package a;

        /**
         * Explains.
         */
        public final class A {

          /** The name. */
          static final String URL = "http://example.com"; // kept: not a whole line

          void run() {
            // why
            call();
          }
        }
        """;

    assertThat(Comments.strip(java, Syntax.JAVA))
        .isEqualTo(
            """
            package a;

            public final class A {
              static final String URL = "http://example.com"; // kept: not a whole line

              void run() {
                call();
              }
            }
            """);
  }

  @Test
  void xml_blocks_sql_and_hash_lines_go() {
    assertThat(Comments.strip("<a>\n  <!-- one\n  two -->\n  <b/>\n</a>", Syntax.XML))
        .isEqualTo("<a>\n  <b/>\n</a>");
    assertThat(Comments.strip("-- up\n-- more\ncreate table t (a int);\n", Syntax.SQL))
        .isEqualTo("create table t (a int);\n");
    assertThat(Comments.strip("# why\ncom.example.App\n", Syntax.HASH))
        .isEqualTo("com.example.App\n");
  }

  @Test
  void syntax_follows_the_template_name() {
    assertThat(Syntax.of("action/Action.java")).isEqualTo(Syntax.JAVA);
    assertThat(Syntax.of("application/pom.xml")).isEqualTo(Syntax.XML);
    assertThat(Syntax.of("migration/up.sql")).isEqualTo(Syntax.SQL);
    assertThat(Syntax.of("application/services")).isEqualTo(Syntax.HASH);
  }
}
