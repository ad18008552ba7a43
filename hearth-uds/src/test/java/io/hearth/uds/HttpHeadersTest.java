package io.hearth.uds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpHeadersTest {

  @Test
  void lookupIgnoresCase() {
    HttpHeaders h = new HttpHeaders().add("Content-Type", "text/plain").add("X-A", "1").add("x-a", "2");

    assertThat(h.first("content-type")).isEqualTo("text/plain");
    assertThat(h.first("CONTENT-TYPE")).isEqualTo("text/plain");
    assertThat(h.all("X-a")).containsExactly("1", "2");
    assertThat(h.contains("x-A")).isTrue();
    assertThat(h.first("missing")).isNull();
    assertThat(h.all("missing")).isEmpty();
    assertThat(h.size()).isEqualTo(3);
  }

  @Test
  void setReplacesEveryFieldOfThatName() {
    HttpHeaders h = new HttpHeaders().add("X-A", "1").add("Other", "o").add("x-a", "2");

    h.set("X-A", "3");

    assertThat(h.all("x-a")).containsExactly("3");
    assertThat(h.first("Other")).isEqualTo("o");
    assertThat(h.size()).isEqualTo(2);
  }

  @Test
  void removeDropsEveryFieldOfThatNameAndKeepsOrder() {
    HttpHeaders h = new HttpHeaders().add("A", "1").add("b", "2").add("C", "3").add("B", "4");

    h.remove("B");

    StringBuilder seen = new StringBuilder();
    h.forEach((n, v) -> seen.append(n).append('=').append(v).append(';'));
    assertThat(seen).hasToString("A=1;C=3;");
  }

  @Test
  void allIsUnmodifiable() {
    HttpHeaders h = new HttpHeaders().add("A", "1");
    assertThatThrownBy(() -> h.all("A").add("2")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void addRefusesNulls() {
    assertThatThrownBy(() -> new HttpHeaders().add(null, "v")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new HttpHeaders().add("n", null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void hasTokenFindsAListElementInAnyFieldOfThatName() {
    HttpHeaders h = new HttpHeaders()
        .add("Connection", "keep-alive")
        .add("connection", " Upgrade ,  CLOSE ")
        .add("X-List", "closed, enclose");

    assertThat(h.hasToken("Connection", "close")).isTrue();
    assertThat(h.hasToken("CONNECTION", "upgrade")).isTrue();
    assertThat(h.hasToken("Connection", "keep-alive")).isTrue();
    assertThat(h.hasToken("X-List", "close")).isFalse(); // whole elements only
    assertThat(h.hasToken("Missing", "close")).isFalse();
    assertThat(new HttpHeaders().add("Connection", "").hasToken("Connection", "close")).isFalse();
    assertThat(new HttpHeaders().add("Connection", ",,close,").hasToken("Connection", "close")).isTrue();
  }

  @Test
  void endToEndDropsHopByHopAndConnectionNamedFields() {
    HttpHeaders h = new HttpHeaders()
        .add("Connection", "X-Private, keep-alive")
        .add("Keep-Alive", "timeout=5")
        .add("Transfer-Encoding", "chunked")
        .add("TE", "trailers")
        .add("Trailer", "X-T")
        .add("Upgrade", "h2c")
        .add("Proxy-Authorization", "secret")
        .add("Proxy-Authenticate", "Basic")
        .add("Proxy-Connection", "keep-alive")
        .add("Content-Length", "12")
        .add("Host", "localhost")
        .add("x-private", "dropped because Connection names it")
        .add("Content-Type", "application/json")
        .add("X-Call-Id", "c1")
        .add("x-call-id", "c2");

    HttpHeaders e2e = h.endToEnd();

    StringBuilder seen = new StringBuilder();
    e2e.forEach((n, v) -> seen.append(n).append('=').append(v).append(';'));
    assertThat(seen).hasToString("Content-Type=application/json;X-Call-Id=c1;x-call-id=c2;");
    assertThat(h.size()).as("the original is left alone").isEqualTo(15);
  }

  @Test
  void contentLengthAbsentIsMinusOne() throws Exception {
    assertThat(new HttpHeaders().contentLength()).isEqualTo(-1);
  }

  @Test
  void contentLengthValid() throws Exception {
    assertThat(new HttpHeaders().add("content-length", "0").contentLength()).isZero();
    assertThat(new HttpHeaders().add("Content-Length", " 1234 ").contentLength()).isEqualTo(1234);
    assertThat(new HttpHeaders().add("Content-Length", "9223372036854775807").contentLength())
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void contentLengthDuplicatedButEqualIsAccepted() throws Exception {
    assertThat(new HttpHeaders().add("Content-Length", "5").add("Content-Length", "5").contentLength())
        .isEqualTo(5);
    assertThat(new HttpHeaders().add("Content-Length", "5, 5").contentLength()).isEqualTo(5);
  }

  @Test
  void contentLengthConflictingIsAProtocolError() {
    assertThatThrownBy(() -> new HttpHeaders().add("Content-Length", "5").add("Content-Length", "6").contentLength())
        .isInstanceOf(HttpProtocolException.class).hasMessageContaining("Content-Length");
    assertThatThrownBy(() -> new HttpHeaders().add("Content-Length", "5,6").contentLength())
        .isInstanceOf(HttpProtocolException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "-0", "+5", "abc", "", " ", "5 5", "0x10", "1e3", "5;", "99999999999999999999", "١٢"})
  void contentLengthMalformedOrNegativeIsAProtocolError(String raw) {
    assertThatThrownBy(() -> new HttpHeaders().add("Content-Length", raw).contentLength())
        .isInstanceOf(HttpProtocolException.class);
  }

  @Test
  void isChunkedLooksAtTheLastCoding() {
    assertThat(new HttpHeaders().isChunked()).isFalse();
    assertThat(new HttpHeaders().add("Transfer-Encoding", "chunked").isChunked()).isTrue();
    assertThat(new HttpHeaders().add("transfer-encoding", "CHUNKED").isChunked()).isTrue();
    assertThat(new HttpHeaders().add("Transfer-Encoding", "gzip, chunked").isChunked()).isTrue();
    assertThat(new HttpHeaders().add("Transfer-Encoding", "gzip").add("Transfer-Encoding", "chunked").isChunked())
        .isTrue();
    assertThat(new HttpHeaders().add("Transfer-Encoding", "chunked, gzip").isChunked()).isFalse();
    assertThat(new HttpHeaders().add("Transfer-Encoding", "chunked").add("Transfer-Encoding", "gzip").isChunked())
        .isFalse();
    assertThat(new HttpHeaders().add("Transfer-Encoding", "identity").isChunked()).isFalse();
  }

  @Test
  void toStringListsFields() {
    assertThat(new HttpHeaders().add("A", "1").add("B", "2")).hasToString("A: 1\nB: 2\n");
  }
}
