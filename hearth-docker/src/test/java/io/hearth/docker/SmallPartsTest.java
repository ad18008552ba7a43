package io.hearth.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.uds.BufferPool;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Version negotiation, image references, the presence cache, log frames, ldd output, progress. */
class SmallPartsTest {

  @Test
  void apiVersions() {
    assertThat(ApiVersion.negotiate(ApiVersion.parse("1.41"))).hasToString("1.41");
    assertThat(ApiVersion.negotiate(ApiVersion.parse("1.45"))).hasToString("1.43");
    assertThat(ApiVersion.negotiate(ApiVersion.parse("2.0"))).hasToString("1.43");
    assertThat(ApiVersion.parse("1.9").compareTo(ApiVersion.parse("1.41"))).isNegative();
    assertThat(ApiVersion.parse("1.41").pathPrefix()).isEqualTo("/v1.41");
    assertThatThrownBy(() -> ApiVersion.parse("x.y")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void imageReferences() {
    assertThat(ImageRef.parse("alpine")).isEqualTo(new ImageRef("alpine", "latest"));
    assertThat(ImageRef.parse("fnproject/hello:0.0.1")).isEqualTo(new ImageRef("fnproject/hello", "0.0.1"));
    assertThat(ImageRef.parse("localhost:5000/fn/x")).isEqualTo(new ImageRef("localhost:5000/fn/x", "latest"));
    assertThat(ImageRef.parse("localhost:5000/fn/x:2")).isEqualTo(new ImageRef("localhost:5000/fn/x", "2"));
    assertThat(ImageRef.parse("x@sha256:abcd")).isEqualTo(new ImageRef("x@sha256:abcd", ""));
    assertThatThrownBy(() -> ImageRef.parse("a b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void presenceExpires() {
    ImagePresence p = new ImagePresence(Duration.ofSeconds(10));
    Instant t = Instant.EPOCH;
    assertThat(p.isKnownPresent("i", t)).isFalse();
    p.present("i", t);
    assertThat(p.isKnownPresent("i", t.plusSeconds(9))).isTrue();
    assertThat(p.isKnownPresent("i", t.plusSeconds(10))).isFalse();
    p.present("i", t);
    p.forget("i");
    assertThat(p.isKnownPresent("i", t)).isFalse();
  }

  @Test
  void logFramesDemultiplex() throws IOException {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    frame(wire, 1, "out 1\n");
    frame(wire, 2, "err 1\n");
    frame(wire, 1, "");
    frame(wire, 1, "out 2\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    LogFrames.demux(new ByteArrayInputStream(wire.toByteArray()), out, err);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("out 1\nout 2\n");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("err 1\n");
  }

  @Test
  void logFramesCopyInPiecesThroughBorrowedBuffers() throws IOException {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    frame(wire, 1, "out 1\n");
    frame(wire, 2, "err 1 is longer\n");
    frame(wire, 1, "");
    frame(wire, 1, "out 2\n");
    BufferPool buffers = new BufferPool(8, 1);
    java.util.Set<byte[]> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    java.util.List<String> pieces = new java.util.ArrayList<>();
    long n = LogFrames.copy(new ByteArrayInputStream(wire.toByteArray()), new byte[8], buffers,
        (stream, buf, off, len) -> {
          seen.add(buf);
          pieces.add(stream + ":" + new String(buf, off, len, StandardCharsets.UTF_8));
        });
    assertThat(pieces).containsExactly("1:out 1\n", "2:err 1 is", "2: longer\n", "1:out 2\n");
    assertThat(n).isEqualTo(6 + 16 + 6);
    assertThat(seen).hasSize(1); // each frame's buffer went back and the next frame borrowed it again
    assertThat(buffers.take()).isSameAs(seen.iterator().next());
    byte[] cut = {1, 0, 0, 0, 0, 0, 0, 10, 'a'};
    assertThatThrownBy(() -> LogFrames.copy(new ByteArrayInputStream(cut), new byte[8], buffers, (s, b, o, l) -> {}))
        .hasMessageContaining("inside a frame");
  }

  @Test
  void logFramesRejectRawStreamsAndTruncation() {
    byte[] raw = "hello world\n".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> LogFrames.next(new ByteArrayInputStream(raw))).hasMessageContaining("TTY");
    byte[] cut = {1, 0, 0, 0, 0, 0, 0, 10, 'a'};
    assertThatThrownBy(() -> LogFrames.next(new ByteArrayInputStream(cut))).hasMessageContaining("inside a frame");
  }

  @Test
  void lddOutputParses() throws IOException {
    String out = """
        /j/bin/java:
        \tlinux-vdso.so.1 (0x00007ffd)
        \tlibjli.so => /j/bin/../lib/libjli.so (0x00007f75)
        \tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f75)
        \t/lib64/ld-linux-x86-64.so.2 (0x00007f75)
        /j/lib/libnet.so:
        \tlibjava.so => /j/lib/libjava.so (0x1)
        \tlibm.so.6 => /lib/x86_64-linux-gnu/libm.so.6 (0x2)
        \tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x2)
        /j/lib/static.so:
        \tstatically linked
        """;
    assertThat(SharedLibraries.parse(out, "/j")).containsExactly(
        "/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libm.so.6", "/lib64/ld-linux-x86-64.so.2");
    assertThatThrownBy(() -> SharedLibraries.parse("/j/x.so:\n\tlibz.so.1 => not found\n", "/j"))
        .hasMessageContaining("libz.so.1");
  }

  @Test
  void progressStreamStopsAtTheFirstError() throws IOException {
    String stream = "{\"stream\":\"Step 1/2\"}\r\n{\"stream\":\"Step 2/2\"}{\"error\":\"COPY failed\","
        + "\"errorDetail\":{\"message\":\"COPY failed: no such file\"}}\n{\"stream\":\"never\"}";
    List<String> seen = new ArrayList<>();
    String error = JsonProgress.read(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)),
        new ObjectMapper(), n -> seen.add(n.path("stream").asText()));
    assertThat(error).isEqualTo("COPY failed: no such file");
    assertThat(seen).containsExactly("Step 1/2", "Step 2/2");
  }

  @Test
  void pathSegmentsAreEscaped() {
    assertThat(DockerDriver.pathOf("hearth/jre:25-abc")).isEqualTo("hearth/jre:25-abc");
    assertThat(DockerDriver.pathOf("a b?c")).isEqualTo("a%20b%3Fc");
  }

  private static void frame(ByteArrayOutputStream wire, int stream, String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    wire.writeBytes(new byte[] {(byte) stream, 0, 0, 0, 0, 0, (byte) (b.length >> 8), (byte) b.length});
    wire.writeBytes(b);
  }
}
