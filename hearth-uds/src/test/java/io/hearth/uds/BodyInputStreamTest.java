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

class BodyInputStreamTest {

  private static HttpHeaders length(long n) {
    return new HttpHeaders().add("Content-Length", Long.toString(n));
  }

  private static HttpHeaders chunked() {
    return new HttpHeaders().add("Transfer-Encoding", "chunked");
  }

  @Test
  void fixedReadsExactlyItsLengthAndLeavesTheNextMessage() throws Exception {
    WireInput in = wire("hello world NEXT");
    BodyInputStream body = BodyInputStream.of(in, length(11), true);

    assertThat(body).isInstanceOf(BodyInputStream.Fixed.class);
    assertThat(body.isComplete()).isFalse();
    assertThat(body.read()).isEqualTo('h');
    assertThat(body.available()).as("buffered, and no further than the body").isEqualTo(10);
    assertThat(body.readAllBytes()).isEqualTo(latin1("ello world"));
    assertThat(body.isComplete()).isTrue();
    assertThat(body.leavesConnectionReusable()).isTrue();
    assertThat(body.read()).isEqualTo(-1);
    assertThat(latin1(in.readAllBytes())).isEqualTo(" NEXT");
  }

  @Test
  void fixedCompletesOnTheLastByteEvenReadOneAtATime() throws Exception {
    BodyInputStream body = BodyInputStream.of(trickle("abc"), length(3), true);
    assertThat(body.read()).isEqualTo('a');
    assertThat(body.read()).isEqualTo('b');
    assertThat(body.isComplete()).isFalse();
    assertThat(body.read()).isEqualTo('c');
    assertThat(body.isComplete()).isTrue();
    assertThat(body.read()).isEqualTo(-1);
  }

  @Test
  void fixedReadAllBytesWorksOnEitherSideOfItsExactSizeLimit() throws Exception {
    for (int size : new int[] {1, 1024 * 1024, 1024 * 1024 + 1, 3 * 1024 * 1024}) {
      byte[] data = TestStreams.pattern(size, size);
      byte[] wire = java.util.Arrays.copyOf(data, size + 4);
      System.arraycopy(latin1("NEXT"), 0, wire, size, 4);
      WireInput in = new WireInput(new TestStreams.Chunky(wire, 7000));
      BodyInputStream body = BodyInputStream.of(in, length(size), true);
      assertThat(body.readAllBytes()).as("%d", size).isEqualTo(data);
      assertThat(body.isComplete()).isTrue();
      assertThat(latin1(in.readAllBytes())).isEqualTo("NEXT");
    }
  }

  @Test
  void fixedReadAllBytesOfAHugeDeclaredLengthDoesNotAllocateItUpFront() throws Exception {
    BodyInputStream body = BodyInputStream.of(wire("tiny"), length(Long.MAX_VALUE / 2), true);
    assertThatThrownBy(body::readAllBytes).isInstanceOf(EOFException.class);
  }

  @Test
  void fixedZeroIsCompleteAtOnce() throws Exception {
    BodyInputStream body = BodyInputStream.of(wire("rest"), length(0), true);
    assertThat(body.isComplete()).isTrue();
    assertThat(body.read()).isEqualTo(-1);
  }

  @Test
  void fixedShortIsAnEofException() throws Exception {
    BodyInputStream body = BodyInputStream.of(wire("only9byte"), lengthUnchecked(20), true);
    assertThatThrownBy(body::readAllBytes).isInstanceOf(EOFException.class).hasMessageContaining("11");
    assertThat(body.isComplete()).isFalse();
  }

  private static HttpHeaders lengthUnchecked(long n) {
    return length(n);
  }

  @Test
  void chunkedReadsChunksExtensionsAndTrailers() throws Exception {
    String raw = "5\r\nhello\r\n"
        + "1;name=value;other\r\n \r\n"
        + "A \t;ext=\"q\"\r\n0123456789\r\n"
        + "0\r\nX-Trailer: t\r\nX-Other: u\r\n\r\n"
        + "NEXT";
    for (WireInput in : new WireInput[] {wire(raw), trickle(raw)}) {
      BodyInputStream body = BodyInputStream.of(in, chunked(), true);
      assertThat(body).isInstanceOf(BodyInputStream.Chunked.class);
      assertThat(latin1(body.readAllBytes())).isEqualTo("hello 0123456789");
      assertThat(body.isComplete()).isTrue();
      assertThat(body.leavesConnectionReusable()).isTrue();
      assertThat(body.read()).isEqualTo(-1);
      assertThat(latin1(in.readAllBytes())).isEqualTo("NEXT");
    }
  }

  @Test
  void chunkedWithBareLfAndUpperCaseHex() throws Exception {
    BodyInputStream body = BodyInputStream.of(wire("1F\n" + "x".repeat(31) + "\n0\n\n"), chunked(), true);
    assertThat(body.readAllBytes()).hasSize(31);
    assertThat(body.isComplete()).isTrue();
  }

  @Test
  void chunkedEmptyBody() throws Exception {
    BodyInputStream body = BodyInputStream.of(wire("0\r\n\r\n"), chunked(), false);
    assertThat(body.read()).isEqualTo(-1);
    assertThat(body.isComplete()).isTrue();
  }

  @Test
  void chunkedLargeBodyMatchesByteForByte() throws Exception {
    byte[] data = TestStreams.pattern(300_000, 3);
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    try (ChunkedOutputStream out = new ChunkedOutputStream(raw)) {
      for (int off = 0; off < data.length; off += 7777) {
        out.write(data, off, Math.min(7777, data.length - off));
      }
    }
    BodyInputStream body = BodyInputStream.of(new WireInput(new ByteArrayInputStream(raw.toByteArray())), chunked(), true);
    assertThat(body.readAllBytes()).isEqualTo(data);
  }

  @ParameterizedTest
  @ValueSource(strings = {"zz\r\n", "\r\n", "-1\r\n", "+5\r\nhello\r\n0\r\n\r\n", "0x5\r\n", "10000000000000000\r\n",
      "5\r\nhelloXX\r\n0\r\n\r\n", "5\r\nhello0\r\n\r\n"})
  void chunkedMalformedIsAProtocolError(String raw) throws Exception {
    BodyInputStream body = BodyInputStream.of(wire(raw), chunked(), true);
    assertThatThrownBy(body::readAllBytes).isInstanceOf(HttpProtocolException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5\r\nhel", "5\r\nhello", "5\r\nhello\r\n", "0\r\n", "0\r\nX-Trailer: t\r\n"})
  void chunkedTruncatedIsAnEofException(String raw) throws Exception {
    BodyInputStream body = BodyInputStream.of(wire(raw), chunked(), true);
    assertThatThrownBy(body::readAllBytes).isInstanceOf(EOFException.class);
    assertThat(body.isComplete()).isFalse();
  }

  @Test
  void chunkedEndlessTrailersHitALimit() throws Exception {
    String raw = "0\r\n" + "X-T: 1234567890\r\n".repeat(20_000) + "\r\n";
    BodyInputStream body = BodyInputStream.of(wire(raw), chunked(), true);
    assertThatThrownBy(body::readAllBytes).isInstanceOf(HttpProtocolException.HeadTooLarge.class);
  }

  @Test
  void untilCloseReadsToEofAndNeverLeavesTheConnectionReusable() throws Exception {
    BodyInputStream body = BodyInputStream.of(wire("all of it"), new HttpHeaders(), true);
    assertThat(body).isInstanceOf(BodyInputStream.UntilClose.class);
    assertThat(body.leavesConnectionReusable()).isFalse();
    assertThat(latin1(body.readAllBytes())).isEqualTo("all of it");
    assertThat(body.isComplete()).isTrue();
  }

  @Test
  void responseWithAnUnknownCodingRunsUntilClose() throws Exception {
    HttpHeaders h = new HttpHeaders().add("Transfer-Encoding", "gzip").add("Content-Length", "3");
    assertThat(BodyInputStream.of(wire("abcdef"), h, true)).isInstanceOf(BodyInputStream.UntilClose.class);
  }

  @Test
  void requestWithAnUnknownCodingIsRefused() throws Exception {
    HttpHeaders h = new HttpHeaders().add("Transfer-Encoding", "gzip");
    assertThatThrownBy(() -> BodyInputStream.of(wire("abc"), h, false)).isInstanceOf(HttpProtocolException.class);
  }

  @Test
  void requestWithoutALengthHasNoBody() throws Exception {
    BodyInputStream body = BodyInputStream.of(wire("GET / HTTP/1.1\r\n"), new HttpHeaders(), false);
    assertThat(body.isComplete()).isTrue();
    assertThat(body.read()).isEqualTo(-1);
  }

  @Test
  void chunkedWinsOverContentLength() throws Exception {
    HttpHeaders h = chunked().add("Content-Length", "100");
    assertThat(BodyInputStream.of(wire("2\r\nok\r\n0\r\n\r\n"), h, true).readAllBytes()).isEqualTo(latin1("ok"));
  }

  @Test
  void badContentLengthIsRefused() {
    assertThatThrownBy(() -> BodyInputStream.of(wire(""), new HttpHeaders().add("Content-Length", "x"), true))
        .isInstanceOf(HttpProtocolException.class);
  }

  @Test
  void bodylessStatusesAndHeadHaveNoBody() throws Exception {
    for (int status : new int[] {100, 101, 204, 304}) {
      assertThat(new ResponseHead(status, "", length(10)).bodyless()).as("%d", status).isTrue();
    }
    for (int status : new int[] {200, 201, 404, 500}) {
      assertThat(new ResponseHead(status, "", length(10)).bodyless()).as("%d", status).isFalse();
    }
    BodyInputStream empty = BodyInputStream.empty(wire("NEXT"));
    assertThat(empty.isComplete()).isTrue();
    assertThat(empty.read()).isEqualTo(-1);
  }

  @Test
  void drainReadsTheRestUpToTheLimit() throws Exception {
    WireInput in = wire("0123456789NEXT");
    BodyInputStream body = BodyInputStream.of(in, length(10), true);
    assertThat(body.read()).isEqualTo('0');
    assertThat(body.drain(100)).isTrue();
    assertThat(latin1(in.readAllBytes())).isEqualTo("NEXT");

    BodyInputStream big = BodyInputStream.of(wire("0123456789"), length(10), true);
    assertThat(big.drain(4)).isFalse();
    assertThat(big.isComplete()).isFalse();
    assertThat(big.read()).isEqualTo('4');

    BodyInputStream done = BodyInputStream.of(wire(""), length(0), true);
    assertThat(done.drain(0)).isTrue();
  }

  @Test
  void drainFinishesAChunkedBodyWhoseDataWasAllRead() throws Exception {
    WireInput in = wire("3\r\nabc\r\n0\r\n\r\nNEXT");
    BodyInputStream body = BodyInputStream.of(in, chunked(), true);
    byte[] three = new byte[3];
    assertThat(body.read(three)).isEqualTo(3);
    assertThat(body.isComplete()).isFalse();
    assertThat(body.drain(10)).isTrue();
    assertThat(latin1(in.readAllBytes())).isEqualTo("NEXT");
  }

  @Test
  void zeroLengthReadsReturnZeroWithoutTouchingTheWire() throws Exception {
    for (HttpHeaders h : new HttpHeaders[] {length(3), chunked(), new HttpHeaders()}) {
      BodyInputStream body = BodyInputStream.of(wire(""), h, true);
      assertThat(body.read(new byte[1], 0, 0)).as("%s", h).isZero();
    }
    BodyInputStream chunk = BodyInputStream.of(wire("3\r\nabc\r\n"), chunked(), true);
    assertThat(chunk.read(new byte[3])).isEqualTo(3);
    assertThat(chunk.read(new byte[3], 0, 0)).as("the next chunk is not awaited").isZero();
  }

  @Test
  void drainOfATruncatedBodyFails() throws Exception {
    BodyInputStream body = BodyInputStream.of(wire("abc"), length(10), true);
    assertThatThrownBy(() -> body.drain(100)).isInstanceOf(EOFException.class);
  }

  @Test
  void aChunkedBodyEndsHereOnlyWhenItsLastChunkIsAlreadyBuffered() throws Exception {
    WireInput whole = wire("5\r\nhello\r\n0\r\n\r\nNEXT");
    BodyInputStream body = BodyInputStream.of(whole, chunked(), true);
    assertThat(body.endsHere()).as("nothing read yet").isFalse();
    byte[] buf = new byte[64];
    assertThat(body.read(buf, 0, buf.length)).isEqualTo(5);
    assertThat(body.endsHere()).isTrue();
    assertThat(body.read()).isEqualTo(-1);
    assertThat(latin1(whole.readAllBytes())).isEqualTo("NEXT");

    BodyInputStream more = BodyInputStream.of(wire("5\r\nhello\r\n3\r\nabc\r\n0\r\n\r\n"), chunked(), true);
    assertThat(more.read(buf, 0, buf.length)).isEqualTo(5);
    assertThat(more.endsHere()).as("another chunk follows").isFalse();

    BodyInputStream trailers = BodyInputStream.of(wire("5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n"), chunked(), true);
    assertThat(trailers.read(buf, 0, buf.length)).isEqualTo(5);
    assertThat(trailers.endsHere()).as("trailer fields are not known to be whole").isFalse();

    BodyInputStream slow = BodyInputStream.of(trickle("5\r\nhello\r\n0\r\n\r\n"), chunked(), true);
    assertThat(slow.read(buf, 0, buf.length)).isPositive();
    assertThat(slow.endsHere()).as("the last chunk has not arrived yet").isFalse();
  }
}
