package io.hearth.uds;

import static io.hearth.uds.TestStreams.latin1;
import static io.hearth.uds.TestStreams.trickle;
import static io.hearth.uds.TestStreams.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class WireInputTest {

  @Test
  void readsCrlfAndBareLfLines() throws Exception {
    WireInput in = wire("first\r\nsecond\nthird\r\n\r\n\nlast\r\n");

    assertThat(in.readLine(100, 100)).isEqualTo("first");
    assertThat(in.readLine(100, 100)).isEqualTo("second");
    assertThat(in.readLine(100, 100)).isEqualTo("third");
    assertThat(in.readLine(100, 100)).isEmpty();
    assertThat(in.readLine(100, 100)).isEmpty();
    assertThat(in.readLine(100, 100)).isEqualTo("last");
    assertThat(in.readLine(100, 100)).isNull();
  }

  @Test
  void onlyTheCrBeforeTheLfIsStripped() throws Exception {
    assertThat(wire("a\rb\r\r\n").readLine(100, 100)).isEqualTo("a\rb\r");
  }

  @Test
  void readsLinesSplitAcrossReads() throws Exception {
    WireInput in = trickle("HTTP/1.1 200 OK\r\nA: b\nlong-ish line\r\n\r\n");

    assertThat(in.readLine(100, 100)).isEqualTo("HTTP/1.1 200 OK");
    assertThat(in.readLine(100, 100)).isEqualTo("A: b");
    assertThat(in.readLine(100, 100)).isEqualTo("long-ish line");
    assertThat(in.readLine(100, 100)).isEmpty();
    assertThat(in.readLine(100, 100)).isNull();
  }

  @Test
  void latin1BytesBecomeTheSameChars() throws Exception {
    byte[] raw = {'x', (byte) 0xE9, (byte) 0xFF, '\r', '\n'};
    assertThat(new WireInput(new ByteArrayInputStream(raw)).readLine(100, 100)).isEqualTo("x\u00e9\u00ff");
    assertThat(new WireInput(new TestStreams.Trickle(raw)).readLine(100, 100)).isEqualTo("x\u00e9\u00ff");
  }

  @Test
  void budgetCountsTheLineEnd() throws Exception {
    assertThat(wire("abcd\n").readLine(5, 99)).isEqualTo("abcd");
    assertThat(wire("abc\r\n").readLine(5, 99)).isEqualTo("abc");
    assertThatThrownBy(() -> wire("abcd\r\n").readLine(5, 99))
        .isInstanceOf(HttpProtocolException.HeadTooLarge.class)
        .hasMessageContaining("99");
    assertThatThrownBy(() -> trickle("abcd\r\n").readLine(5, 99))
        .isInstanceOf(HttpProtocolException.HeadTooLarge.class);
  }

  @Test
  void budgetStopsAnEndlessLineWithoutReadingItAll() {
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        return 'x';
      }
    };
    assertThatThrownBy(() -> new WireInput(endless).readLine(1000, 1000))
        .isInstanceOf(HttpProtocolException.HeadTooLarge.class);
  }

  @Test
  void eofInTheMiddleOfALineIsAnEofException() {
    assertThatThrownBy(() -> wire("partial").readLine(100, 100)).isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> trickle("partial\r").readLine(100, 100)).isInstanceOf(EOFException.class);
  }

  @Test
  void eofBeforeAnyByteIsNull() throws Exception {
    assertThat(wire("").readLine(100, 100)).isNull();
    assertThat(trickle("").readLine(100, 100)).isNull();
  }

  @Test
  void bodyBytesFollowTheHeadUntouched() throws Exception {
    WireInput in = wire("line\r\nBODY-bytes");
    assertThat(in.readLine(100, 100)).isEqualTo("line");
    assertThat(in.hasBuffered()).isTrue();
    assertThat(in.available()).isEqualTo(10);
    assertThat(in.read()).isEqualTo('B');
    byte[] rest = new byte[100];
    int n = in.read(rest, 0, rest.length);
    assertThat(latin1(java.util.Arrays.copyOf(rest, n))).isEqualTo("ODY-bytes");
    assertThat(in.hasBuffered()).isFalse();
    assertThat(in.read()).isEqualTo(-1);
    assertThat(in.read(rest, 0, 0)).isZero();
  }

  @Test
  void largeReadsBypassTheBufferAndReturnEverything() throws Exception {
    byte[] data = TestStreams.pattern(200_000, 7);
    WireInput in = new WireInput(new ByteArrayInputStream(data));
    byte[] got = in.readAllBytes();
    assertThat(got).isEqualTo(data);
  }

  @Test
  void holdsABufferOnlyFromTheFirstReadToARelease() throws Exception {
    WireInput in = wire("head\r\nbody");
    assertThat(in.holdsBuffer()).isFalse();
    assertThat(in.readLine(100, 100)).isEqualTo("head");
    assertThat(in.holdsBuffer()).isTrue();
    assertThat(in.release()).isFalse(); // "body" is still buffered: kept
    assertThat(in.holdsBuffer()).isTrue();
    assertThat(in.readNBytes(4)).isEqualTo(latin1("body"));
    assertThat(in.release()).isTrue();
    assertThat(in.holdsBuffer()).isFalse();
    assertThat(in.read()).isEqualTo(-1); // borrows one again to look
  }

  @Test
  void afterReleaseWhenDrainedBufferedBytesComeFirstThenReadsGoStraightThrough() throws Exception {
    WireInput in = wire("line\r\nrest of the stream"); // all of it in the first read
    assertThat(in.readLine(100, 100)).isEqualTo("line");
    in.releaseWhenDrained();
    StringBuilder got = new StringBuilder();
    byte[] b = new byte[3];
    int n;
    while ((n = in.read(b, 0, b.length)) >= 0) {
      got.append(latin1(java.util.Arrays.copyOf(b, n)));
      assertThat(in.holdsBuffer()).isEqualTo(in.hasBuffered()); // given back once drained
    }
    assertThat(got).hasToString("rest of the stream");
    assertThat(in.holdsBuffer()).isFalse();
  }
}
