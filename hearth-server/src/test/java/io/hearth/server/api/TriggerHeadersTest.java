package io.hearth.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.call.Headers;
import org.junit.jupiter.api.Test;

/** Fn's HTTP trigger header mapping, both ways (COMPAT-FN.md section 1). */
class TriggerHeadersTest {

  @Test
  void clientHeadersArePrefixedExceptContentTypeAndTheRequestIsDescribed() {
    Headers client = new Headers()
        .add("Content-Type", "application/json")
        .add("Accept", "text/plain")
        .add("X-Custom", "a")
        .add("X-Custom", "b")
        .add("Fn-Deadline", "spoofed")
        .add("Host", "example.com")
        .add("Connection", "keep-alive")
        .add("Content-Length", "12");

    Headers out = TriggerHeaders.request(client, "PUT", "http://example.com/t/app/x?y=1");

    assertThat(out.first("Content-Type")).isEqualTo("application/json");
    assertThat(out.first("Fn-Http-H-Content-Type")).isNull();
    assertThat(out.first("Fn-Http-H-Accept")).isEqualTo("text/plain");
    assertThat(out.all("Fn-Http-H-X-Custom")).containsExactly("a", "b");
    assertThat(out.first("Fn-Http-H-Fn-Deadline")).isEqualTo("spoofed");
    assertThat(out.first("Fn-Deadline")).isNull(); // a client cannot set the contract's own headers
    assertThat(out.first("Fn-Http-H-Host")).isNull();
    assertThat(out.first("Fn-Http-H-Connection")).isNull();
    assertThat(out.first("Fn-Http-H-Content-Length")).isNull();
    assertThat(out.first("Fn-Http-Method")).isEqualTo("PUT");
    assertThat(out.first("Fn-Http-Request-Url")).isEqualTo("http://example.com/t/app/x?y=1");
    assertThat(out.first("Fn-Intent")).isEqualTo("httprequest");
  }

  @Test
  void onlyContentTypeCallIdAndPrefixedHeadersComeBackWithThePrefixRemoved() {
    Headers function = new Headers()
        .add("Content-Type", "text/plain")
        .add("Fn-Call-Id", "01ABC")
        .add("Fn-Fdk-Version", "hearth-fdk/0.1")
        .add("X-Leaked", "no")
        .add("Fn-Http-H-X-Answer", "42")
        .add("fn-http-h-set-cookie", "a=1")
        .add("Fn-Http-H-Set-Cookie", "b=2")
        .add("Fn-Http-H-Content-Length", "999")
        .add("Fn-Http-H-Transfer-Encoding", "chunked")
        .add("Fn-Http-H-", "empty name")
        .add("Fn-Http-Status", "201");

    AnswerMapping.Answer answer = TriggerHeaders.response(200, function);

    assertThat(answer.status()).isEqualTo(201);
    Headers h = answer.headers();
    assertThat(h.first("Content-Type")).isEqualTo("text/plain");
    assertThat(h.first("Fn-Call-Id")).isEqualTo("01ABC");
    assertThat(h.first("X-Answer")).isEqualTo("42");
    assertThat(h.all("Set-Cookie")).containsExactly("a=1", "b=2");
    assertThat(h.first("Fn-Fdk-Version")).isNull();
    assertThat(h.first("X-Leaked")).isNull();
    assertThat(h.first("Content-Length")).isNull();
    assertThat(h.first("Transfer-Encoding")).isNull();
    assertThat(h.first("Fn-Http-Status")).isNull();
    assertThat(h.size()).isEqualTo(5);
  }

  @Test
  void anInvalidOrMissingStatusLeavesTheFunctionsStatus() {
    assertThat(TriggerHeaders.response(200, new Headers()).status()).isEqualTo(200);
    for (String bad : new String[] {"abc", "", "99", "100", "199", "600", "-1", "2000000000000"}) {
      assertThat(TriggerHeaders.response(200, new Headers().add("Fn-Http-Status", bad)).status())
          .as(bad).isEqualTo(200);
    }
    assertThat(TriggerHeaders.response(200, new Headers().add("Fn-Http-Status", " 404 ")).status())
        .isEqualTo(404);
    assertThat(TriggerHeaders.response(200, new Headers().add("fn-http-status", "599")).status())
        .isEqualTo(599);
  }
}
