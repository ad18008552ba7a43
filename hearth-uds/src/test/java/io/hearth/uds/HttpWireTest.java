package io.hearth.uds;

import static io.hearth.uds.TestStreams.latin1;
import static io.hearth.uds.TestStreams.trickle;
import static io.hearth.uds.TestStreams.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpWireTest {
  private static final int LIMIT = HttpWire.DEFAULT_HEAD_LIMIT;

  @Test
  void requestHeadRoundTrips() throws Exception {
    HttpHeaders h = new HttpHeaders().add("Host", "localhost").add("X-Empty", "").add("x-multi", "a, b");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    HttpWire.writeRequestHead(out, new RequestHead("POST", "/v1/call?x=1&y=%20", h));

    assertThat(latin1(out.toByteArray()))
        .isEqualTo("POST /v1/call?x=1&y=%20 HTTP/1.1\r\nHost: localhost\r\nX-Empty: \r\nx-multi: a, b\r\n\r\n");
    RequestHead back = HttpWire.readRequestHead(new WireInput(new ByteArrayInputStream(out.toByteArray())), LIMIT);
    assertThat(back.method()).isEqualTo("POST");
    assertThat(back.target()).isEqualTo("/v1/call?x=1&y=%20");
    assertThat(back.headers().toString()).isEqualTo(h.toString());
  }

  @Test
  void responseHeadRoundTrips() throws Exception {
    HttpHeaders h = new HttpHeaders().add("Content-Length", "0").add("X-Reason", "\u00e9t\u00e9");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    HttpWire.writeResponseHead(out, new ResponseHead(404, "Not Found", h));

    assertThat(latin1(out.toByteArray()))
        .isEqualTo("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nX-Reason: \u00e9t\u00e9\r\n\r\n");
    ResponseHead back = HttpWire.readResponseHead(new WireInput(new ByteArrayInputStream(out.toByteArray())), LIMIT);
    assertThat(back.status()).isEqualTo(404);
    assertThat(back.reason()).isEqualTo("Not Found");
    assertThat(back.headers().toString()).isEqualTo(h.toString());
  }

  @Test
  void readsHeadsDeliveredOneByteAtATime() throws Exception {
    RequestHead req = HttpWire.readRequestHead(trickle("GET /x HTTP/1.1\r\nA: 1\r\nB:2\r\n\r\n"), LIMIT);
    assertThat(req.target()).isEqualTo("/x");
    assertThat(req.headers().first("b")).isEqualTo("2");

    ResponseHead res = HttpWire.readResponseHead(trickle("HTTP/1.1 200 OK\nA:  spaced \t\n\n"), LIMIT);
    assertThat(res.status()).isEqualTo(200);
    assertThat(res.headers().first("A")).isEqualTo("spaced");
  }

  @Test
  void statusLineWithoutReasonAndHttp10() throws Exception {
    ResponseHead a = HttpWire.readResponseHead(wire("HTTP/1.1 204\r\n\r\n"), LIMIT);
    assertThat(a.status()).isEqualTo(204);
    assertThat(a.reason()).isEmpty();
    ResponseHead b = HttpWire.readResponseHead(wire("HTTP/1.0 200 \r\n\r\n"), LIMIT);
    assertThat(b.status()).isEqualTo(200);
    assertThat(b.reason()).isEmpty();
    ResponseHead c = HttpWire.readResponseHead(wire("HTTP/1.1 500 Internal Server Error\r\n\r\n"), LIMIT);
    assertThat(c.reason()).isEqualTo("Internal Server Error");
  }

  @Test
  void strayEmptyLinesBeforeARequestAreSkipped() throws Exception {
    RequestHead req = HttpWire.readRequestHead(wire("\r\n\nGET / HTTP/1.1\r\n\r\n"), LIMIT);
    assertThat(req.method()).isEqualTo("GET");
  }

  @Test
  void cleanCloseBeforeARequestIsNull() throws Exception {
    assertThat(HttpWire.readRequestHead(wire(""), LIMIT)).isNull();
    assertThat(HttpWire.readRequestHead(wire("\r\n"), LIMIT)).isNull();
  }

  @Test
  void closeBeforeAResponseOrInAHeadIsAnEofException() {
    assertThatThrownBy(() -> HttpWire.readResponseHead(wire(""), LIMIT)).isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> HttpWire.readResponseHead(wire("HTTP/1.1 200 OK\r\nA: 1\r\n"), LIMIT))
        .isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> HttpWire.readRequestHead(wire("GET / HTTP/1.1\r\nA: 1"), LIMIT))
        .isInstanceOf(EOFException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "GET /\r\n",
      "GET\r\n",
      "/ HTTP/1.1\r\n",
      " GET / HTTP/1.1\r\n",
      "GET  / HTTP/1.1\r\n",
      "GET / x HTTP/1.1\r\n",
      "GET / HTTP/2.0\r\n",
      "GET / HTTP/1.1x\r\n",
      "GET / http/1.1\r\n",
      "G(T / HTTP/1.1\r\n",
      "GET \u0000 HTTP/1.1\r\n",
  })
  void malformedRequestLinesAreRefused(String line) {
    assertThatThrownBy(() -> HttpWire.readRequestHead(wire(line + "\r\n"), LIMIT))
        .isInstanceOf(HttpProtocolException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "HTTP/1.1 200OK",
      "HTTP/1.1 2000 OK",
      "HTTP/1.1 20 OK",
      "HTTP/1.1 abc OK",
      "HTTP/1.1 +99 OK",
      "HTTP/1.1  200 OK",
      "HTTP/1.x 200 OK",
      "HTTP/2 200 OK",
      "HTTP/1.1",
      "http/1.1 200 OK",
      "SSH-2.0-OpenSSH_9.6",
      "HTTP/1.1 099 Low",
  })
  void malformedStatusLinesAreRefused(String line) {
    assertThatThrownBy(() -> HttpWire.readResponseHead(wire(line + "\r\n\r\n"), LIMIT))
        .isInstanceOf(HttpProtocolException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "A: 1\r\n folded\r\n",
      "A: 1\r\n\tfolded\r\n",
      "A : 1\r\n",
      "A\t: 1\r\n",
      ": no name\r\n",
      "no colon\r\n",
      "Sp ace: 1\r\n",
      "A: bare\rcr\r\n",
      "A: nul\u0000\r\n",
  })
  void malformedFieldLinesAreRefused(String fields) {
    assertThatThrownBy(() -> HttpWire.readResponseHead(wire("HTTP/1.1 200 OK\r\n" + fields + "\r\n"), LIMIT))
        .isInstanceOf(HttpProtocolException.class);
    assertThatThrownBy(() -> HttpWire.readRequestHead(wire("GET / HTTP/1.1\r\n" + fields + "\r\n"), LIMIT))
        .isInstanceOf(HttpProtocolException.class);
  }

  @Test
  void interimResponsesAreSkippedBeforeTheRealOne() throws Exception {
    WireInput in = wire("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
        + "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nhi");

    ResponseHead head = HttpWire.readResponseHead(in, LIMIT);

    assertThat(head.status()).isEqualTo(201);
    assertThat(head.headers().contains("Link")).isFalse();
    assertThat(BodyInputStream.of(in, head.headers(), true).readAllBytes()).isEqualTo(latin1("hi"));
  }

  @Test
  void switchingProtocolsIsReturned() throws Exception {
    ResponseHead head = HttpWire.readResponseHead(wire("HTTP/1.1 101 Switching Protocols\r\nUpgrade: tcp\r\n\r\n"), LIMIT);
    assertThat(head.status()).isEqualTo(101);
  }

  @Test
  void headLimitIsEnforcedOverManyFields() throws Exception {
    StringBuilder fields = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      fields.append("X-Field-").append(i).append(": ").append("v".repeat(20)).append("\r\n");
    }
    String head = "HTTP/1.1 200 OK\r\n" + fields + "\r\n";
    int size = head.length();

    assertThat(HttpWire.readResponseHead(wire(head), size).headers().size()).isEqualTo(100);
    assertThatThrownBy(() -> HttpWire.readResponseHead(wire(head), size - 1))
        .isInstanceOf(HttpProtocolException.HeadTooLarge.class);
    assertThatThrownBy(() -> HttpWire.readResponseHead(wire(head), 1000))
        .isInstanceOf(HttpProtocolException.HeadTooLarge.class)
        .hasMessageContaining("1000");
    String request = "GET / HTTP/1.1\r\n" + fields + "\r\n";
    assertThatThrownBy(() -> HttpWire.readRequestHead(wire(request), 1000))
        .isInstanceOf(HttpProtocolException.HeadTooLarge.class);
  }

  @Test
  void headLimitCoversInterimResponsesToo() {
    String interim = "HTTP/1.1 100 Continue\r\n\r\n".repeat(1000);
    assertThatThrownBy(() -> HttpWire.readResponseHead(wire(interim + "HTTP/1.1 200 OK\r\n\r\n"), 4096))
        .isInstanceOf(HttpProtocolException.HeadTooLarge.class);
  }

  @Test
  void endlessEmptyLinesBeforeARequestHitTheLimit() {
    assertThatThrownBy(() -> HttpWire.readRequestHead(wire("\r\n".repeat(5000) + "GET / HTTP/1.1\r\n\r\n"), 4096))
        .isInstanceOf(HttpProtocolException.HeadTooLarge.class);
  }

  @Test
  void lineBreaksInFieldsAreRefusedWhenWriting() {
    for (String[] field : new String[][] {
        {"X-A", "one\r\nInjected: yes"}, {"X-A", "one\ntwo"}, {"X-A", "one\rtwo"}, {"X-A\r\nB", "v"},
        {"X-A", "nul\u0000"}, {"Bad Name", "v"}, {"", "v"}, {"Colon:", "v"}}) {
      HttpHeaders h = new HttpHeaders().add(field[0], field[1]);
      assertThatThrownBy(() -> HttpWire.writeRequestHead(new ByteArrayOutputStream(), new RequestHead("GET", "/", h)))
          .as("%s: %s", field[0], field[1])
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> HttpWire.writeResponseHead(new ByteArrayOutputStream(), new ResponseHead(200, "OK", h)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void badStartLinePartsAreRefusedWhenWriting() {
    HttpHeaders h = new HttpHeaders();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(() -> HttpWire.writeRequestHead(out, new RequestHead("GET", "/a b", h)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HttpWire.writeRequestHead(out, new RequestHead("GET", "/a\r\nX: y", h)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HttpWire.writeRequestHead(out, new RequestHead("GET", "", h)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HttpWire.writeRequestHead(out, new RequestHead("G T", "/", h)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HttpWire.writeResponseHead(out, new ResponseHead(200, "O\r\nK", h)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HttpWire.writeResponseHead(out, new ResponseHead(42, "OK", h)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(out.size()).as("nothing written for a refused head").isZero();
  }
}
