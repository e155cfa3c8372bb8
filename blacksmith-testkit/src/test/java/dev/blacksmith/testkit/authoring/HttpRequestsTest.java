package dev.blacksmith.testkit.authoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.source.ExtractException;
import dev.blacksmith.source.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpRequestsTest {

  @Test
  void a_json_post_carries_its_body_headers_query_and_path_parameters() throws Exception {
    HttpRequest request =
        HttpRequests.post("/shop/orders/{id}")
            .json("{\"sku\":\"A1\"}")
            .header("User-Agent", "curl/8.5.0")
            .query("dry_run", "true")
            .pathParam("id", "42")
            .build();

    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/shop/orders/{id}");
    assertThat(request.header("content-type")).isEqualTo("application/json");
    assertThat(request.header("user-agent")).isEqualTo("curl/8.5.0");
    assertThat(request.query()).containsEntry("dry_run", List.of("true"));
    assertThat(request.pathParams()).containsEntry("id", "42");
    assertThat(request.json().get("sku").stringValue()).isEqualTo("A1");
  }

  @Test
  void a_body_that_is_not_json_is_sent_as_is_so_triggers_can_refuse_it() {
    HttpRequest request = HttpRequests.post("/shop/orders").json("{not json").build();

    assertThat(request.bodyAsString()).isEqualTo("{not json");
    assertThatThrownBy(request::json)
        .isInstanceOf(ExtractException.class)
        .hasMessage("request body is not valid JSON");
  }

  @Test
  void other_methods_and_an_empty_body() {
    HttpRequest request = HttpRequests.request("put", "/x").body("text").build();

    assertThat(request.method()).isEqualTo("PUT");
    assertThat(request.bodyAsString()).isEqualTo("text");
    assertThat(HttpRequests.get("/x").build().body()).isEmpty();
  }

  @Test
  void a_path_must_start_with_a_slash() {
    assertThatThrownBy(() -> HttpRequests.post("shop/orders"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("starts with '/'");
  }
}
