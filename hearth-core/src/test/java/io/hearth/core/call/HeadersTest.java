package io.hearth.core.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadersTest {

  @Test
  void lookupIgnoresCaseAndKeepsOrder() {
    Headers h = new Headers().add("Content-Type", "text/plain").add("X-A", "1").add("x-a", "2");

    assertThat(h.first("CONTENT-TYPE")).isEqualTo("text/plain");
    assertThat(h.all("X-a")).containsExactly("1", "2");
    assertThat(h.first("missing")).isNull();
    h.set("x-A", "3");
    assertThat(h.all("X-A")).containsExactly("3");
    assertThat(h.remove("content-type").size()).isEqualTo(1);
    assertThatThrownBy(() -> h.add(null, "v")).isInstanceOf(NullPointerException.class);
  }

  @Test
  void endToEndDropsHopByHopFieldsAndThoseConnectionNames() {
    Headers h = new Headers().add("Host", "x").add("Connection", "keep-alive, X-Private")
        .add("x-private", "secret").add("Content-Length", "3").add("Transfer-Encoding", "chunked")
        .add("Content-Type", "text/plain").add("Fn-Call-Id", "c1");

    assertThat(h.endToEnd().toString()).isEqualTo("Content-Type: text/plain\nFn-Call-Id: c1\n");
  }

  @Test
  void copyEndToEndConvertsAnyHeaderListInOneCopy() {
    Headers h = new Headers().add("Upgrade", "h2c").add("A", "1").add("Connection", "b").add("B", "2").add("C", "3");
    List<String> seen = new ArrayList<>();

    Headers.copyEndToEnd(h::forEach, (n, v) -> seen.add(n + "=" + v));

    assertThat(seen).containsExactly("A=1", "C=3");
  }
}
