package dev.blacksmith.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplatesTest {

  private static String render(String template, Set<String> flags) {
    return Templates.render("test", template, Map.of("name", "crm", "Name", "Crm"), flags);
  }

  @Test
  void values_are_filled_in() {
    assertThat(render("class {{Name}} { String n = \"{{name}}\"; }", Set.of()))
        .isEqualTo("class Crm { String n = \"crm\"; }");
  }

  @Test
  void sections_are_kept_when_their_flag_is_on_and_inverted_ones_when_it_is_off() {
    String template = "a{{#hooks}}, WithHooks{{/hooks}}{{^hooks}} plain{{/hooks}}";

    assertThat(render(template, Set.of("hooks"))).isEqualTo("a, WithHooks");
    assertThat(render(template, Set.of())).isEqualTo("a plain");
  }

  @Test
  void a_tag_alone_on_its_line_takes_the_line_with_it() {
    String template = "import a;\n{{#hooks}}\nimport b;\n{{/hooks}}\nimport c;\n";

    assertThat(render(template, Set.of("hooks"))).isEqualTo("import a;\nimport b;\nimport c;\n");
    assertThat(render(template, Set.of())).isEqualTo("import a;\nimport c;\n");
  }

  @Test
  void sections_of_different_flags_nest() {
    String template = "{{#hooks}}h{{#migrations}}m{{/migrations}}{{/hooks}}";

    assertThat(render(template, Set.of("hooks", "migrations"))).isEqualTo("hm");
    assertThat(render(template, Set.of("hooks"))).isEqualTo("h");
    assertThat(render(template, Set.of("migrations"))).isEmpty();
  }

  @Test
  void a_value_without_a_value_or_an_unclosed_section_is_a_template_error() {
    assertThatThrownBy(() -> render("{{route}}", Set.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("uses {{route}}, which has no value");
    assertThatThrownBy(() -> render("{{#hooks}}never closed", Set.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unclosed or unknown tag");
  }

  @Test
  void every_shipped_template_is_there() {
    for (String name :
        new String[] {
          "application/pom.xml", "application/Application.java", "action/Action.java",
          "trigger/SubTrigger.java", "migration/up.sql", "trigger/Hooks.part"
        }) {
      assertThat(Templates.load(name)).as(name).isNotBlank();
    }
    assertThatThrownBy(() -> Templates.load("nope/Nope.java"))
        .hasMessageContaining("template nope/Nope.java is missing");
  }
}
