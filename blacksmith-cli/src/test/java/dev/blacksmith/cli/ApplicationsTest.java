package dev.blacksmith.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApplicationsTest {

  @Test
  void the_one_registered_application_is_found_and_created() {
    assertThat(Applications.findOne(TestLoaders.withServiceFile("one")))
        .isInstanceOf(FirstTestApplication.class);
  }

  @Test
  void no_registered_application_is_an_error_naming_the_service_file() {
    assertThatThrownBy(() -> Applications.findOne(TestLoaders.withoutApplications()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no application found")
        .hasMessageContaining("META-INF/services/dev.blacksmith.engine.Application");
  }

  @Test
  void several_registered_applications_are_an_error_listing_each_of_them() {
    assertThatThrownBy(() -> Applications.findOne(TestLoaders.withServiceFile("several")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("found 2 applications on the class path, expected exactly one")
        .hasMessageContaining(FirstTestApplication.class.getName())
        .hasMessageContaining(SecondTestApplication.class.getName());
  }

  @Test
  void a_registered_class_that_does_not_exist_is_an_error_naming_it() {
    assertThatThrownBy(() -> Applications.findOne(TestLoaders.withServiceFile("broken")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("dev.blacksmith.cli.NoSuchApplication");
  }
}
