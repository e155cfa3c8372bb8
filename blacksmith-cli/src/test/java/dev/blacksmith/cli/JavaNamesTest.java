package dev.blacksmith.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.cli.JavaNames.Layout;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JavaNamesTest {

  @Test
  void names_become_class_names_word_by_word() {
    assertThat(JavaNames.className("my-dest")).isEqualTo("MyDest");
    assertThat(JavaNames.className("notify_sales")).isEqualTo("NotifySales");
    assertThat(JavaNames.className("a--b__c-")).isEqualTo("ABC");
    assertThat(JavaNames.className("crm")).isEqualTo("Crm");
  }

  @Test
  void names_become_package_segments_without_separators_and_never_a_keyword() {
    assertThat(JavaNames.packageSegment("my-shop")).isEqualTo("myshop");
    assertThat(JavaNames.packageSegment("class")).isEqualTo("class_");
  }

  @Test
  void only_lowercase_letters_dash_and_underscore_starting_with_a_letter_are_names() {
    assertThat(JavaNames.checkName("my-dest_b")).isEqualTo("my-dest_b");
    for (String bad : new String[] {"My", "a1", "a b", "-a", "_a", "a.b", "", "ünicode"}) {
      assertThatThrownBy(() -> JavaNames.checkName(bad))
          .as(bad)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("'" + bad + "' is not allowed");
    }
  }

  @Test
  void the_package_of_a_directory_under_src_main_java_comes_from_its_path() {
    Path pkg = Path.of("/work/shop/src/main/java/com/example/shop");

    Layout layout = Layout.of(pkg, null);

    assertThat(layout.javaPackage()).isEqualTo("com.example.shop");
    assertThat(layout.mainDir()).isEqualTo(pkg);
    assertThat(layout.testDir()).isEqualTo(Path.of("/work/shop/src/test/java/com/example/shop"));
    assertThat(layout.resourcesDir()).isEqualTo(Path.of("/work/shop/src/main/resources"));
  }

  @Test
  void the_root_of_src_main_java_takes_the_package_given() {
    Layout layout = Layout.of(Path.of("/work/shop/src/main/java"), "org.acme");

    assertThat(layout.mainDir()).isEqualTo(Path.of("/work/shop/src/main/java/org/acme"));
    assertThat(layout.testDir()).isEqualTo(Path.of("/work/shop/src/test/java/org/acme"));
    assertThatThrownBy(() -> Layout.of(Path.of("/work/shop/src/main/java"), null))
        .hasMessageContaining("is the root of src/main/java");
  }

  @Test
  void a_directory_that_is_no_package_name_is_refused() {
    assertThatThrownBy(() -> Layout.of(Path.of("/w/src/main/java/com/my-shop"), null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'com.my-shop' is not a Java package name");
    assertThatThrownBy(() -> Layout.of(Path.of("/w/src/main/java/com/new"), null))
        .hasMessageContaining("'com.new' is not a Java package name");
  }
}
