package io.hearth.uds;

import static io.hearth.uds.TestStreams.latin1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

class BodyOutputStreamsTest {

  /** Records whether the stream under test closed or flushed it. */
  private static final class Sink extends ByteArrayOutputStream {
    boolean closed;
    int flushes;

    @Override
    public void close() {
      closed = true;
    }

    @Override
    public void flush() {
      flushes++;
    }
  }

  @Test
  void chunkedFramesEachWriteAndEndsWithTheLastChunk() throws Exception {
    Sink sink = new Sink();
    ChunkedOutputStream out = new ChunkedOutputStream(sink);

    out.write(latin1("hello"));
    out.write('!');
    out.write(new byte[300], 0, 26);
    out.write(latin1("xabcx"), 1, 3);
    out.close();

    assertThat(latin1(sink.toByteArray()))
        .isEqualTo("5\r\nhello\r\n1\r\n!\r\n1a\r\n" + "\0".repeat(26) + "\r\n3\r\nabc\r\n0\r\n\r\n");
    assertThat(sink.flushes).isPositive();
    assertThat(sink.closed).as("the connection stays open").isFalse();
  }

  @Test
  void chunkedEmptyWritesDoNotEndTheBody() throws Exception {
    Sink sink = new Sink();
    ChunkedOutputStream out = new ChunkedOutputStream(sink);

    out.write(new byte[0]);
    out.write(latin1("ab"), 1, 0);
    out.write(latin1("ab"));
    out.write(new byte[0]);

    assertThat(latin1(sink.toByteArray())).isEqualTo("2\r\nab\r\n");
    out.close();
    out.close(); // idempotent
    assertThat(latin1(sink.toByteArray())).isEqualTo("2\r\nab\r\n0\r\n\r\n");
  }

  @Test
  void chunkedLargeWriteUsesAHexSize() throws Exception {
    Sink sink = new Sink();
    try (ChunkedOutputStream out = new ChunkedOutputStream(sink)) {
      out.write(new byte[0x12345]);
    }
    assertThat(latin1(sink.toByteArray())).startsWith("12345\r\n").endsWith("\r\n0\r\n\r\n");
    assertThat(sink.size()).isEqualTo(7 + 0x12345 + 2 + 5);
  }

  @Test
  void chunkedWriteAfterCloseFails() throws Exception {
    ChunkedOutputStream out = new ChunkedOutputStream(new Sink());
    out.close();
    assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);
  }

  @Test
  void chunkedRefusesBadRangesBeforeWritingAnything() {
    Sink sink = new Sink();
    ChunkedOutputStream out = new ChunkedOutputStream(sink);
    assertThatThrownBy(() -> out.write(new byte[4], 2, 5)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> out.write(new byte[4], 0, -1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(sink.size()).isZero();
  }

  @Test
  void fixedLengthPassesExactlyItsLength() throws Exception {
    Sink sink = new Sink();
    FixedLengthOutputStream out = new FixedLengthOutputStream(sink, 6);

    out.write(latin1("abc"));
    out.write('d');
    out.write(latin1("xefx"), 1, 2);
    out.write(new byte[0]);
    out.close();
    out.close();

    assertThat(latin1(sink.toByteArray())).isEqualTo("abcdef");
    assertThat(sink.closed).isFalse();
    assertThat(sink.flushes).isPositive();
  }

  @Test
  void fixedLengthRefusesTooLong() throws Exception {
    Sink sink = new Sink();
    FixedLengthOutputStream out = new FixedLengthOutputStream(sink, 3);
    out.write(latin1("ab"));
    assertThatThrownBy(() -> out.write(latin1("cd"))).isInstanceOf(IOException.class).hasMessageContaining("longer");
    assertThat(latin1(sink.toByteArray())).as("nothing past the length reaches the wire").isEqualTo("ab");
    out.write('c');
    assertThatThrownBy(() -> out.write('d')).isInstanceOf(IOException.class);
    out.close();
  }

  @Test
  void fixedLengthRefusesTooShortOnClose() throws Exception {
    FixedLengthOutputStream out = new FixedLengthOutputStream(new Sink(), 5);
    out.write(latin1("ab"));
    assertThatThrownBy(out::close).isInstanceOf(IOException.class).hasMessageContaining("3 bytes short");
  }

  @Test
  void fixedLengthRefusesANegativeLength() {
    assertThatThrownBy(() -> new FixedLengthOutputStream(OutputStream.nullOutputStream(), -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
