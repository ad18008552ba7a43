package io.hearth.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.core.call.Headers;
import io.hearth.core.ledger.Resources;
import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.core.status.NodeStatus;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireCodecTest {
  private static final Instant T = Instant.parse("2026-01-02T03:04:05.678Z");

  private static ToRunner toRunner(ToRunner m) {
    return WireCodec.decodeToRunner(new ByteArrayInputStream(WireCodec.encode(m)));
  }

  private static FromRunner fromRunner(FromRunner m) {
    return WireCodec.decodeFromRunner(new ByteArrayInputStream(WireCodec.encode(m)));
  }

  @Test
  void aTryCallCarriesTheAppTheFunctionAndTheHeadersWhole() {
    App app = new App("A1", "shop", Map.of("K", "v", "ü", "ß"), Map.of("a", "{\"x\":1}"), "tcp://log", "GENERIC_X86",
        T, T.plusSeconds(1));
    Fn fn = new Fn("F1", "cart", "A1", "img:1", 256, 10, 60, Map.of("E", "1"), Map.of("hearth.io/init_timeout_ms",
        "20000"), null, T, null);
    Headers h = new Headers().add("Content-Type", "text/plain").add("X-Many", "1").add("X-Many", "2");
    ToRunner.TryCall t = (ToRunner.TryCall) toRunner(new ToRunner.TryCall(1, "C1", app, fn, -42, h, 12, true));
    assertThat(t.app()).isEqualTo(app);
    assertThat(t.fn()).isEqualTo(fn);
    assertThat(t.placementKey()).isEqualTo(-42);
    assertThat(t.headers().all("x-many")).containsExactly("1", "2");
    assertThat(t.headers().first("Content-Type")).isEqualTo("text/plain");
    assertThat(t.bodyLength()).isEqualTo(12);
    assertThat(t.detached()).isTrue();
  }

  @Test
  void everyOtherMessageRoundTrips() {
    assertThat(((ToRunner.BodyChunk) toRunner(new ToRunner.BodyChunk(new byte[] {1, 2, 3}))).bytes())
        .containsExactly(1, 2, 3);
    assertThat(toRunner(new ToRunner.BodyEnd())).isInstanceOf(ToRunner.BodyEnd.class);
    assertThat(fromRunner(new FromRunner.Committed(true))).isEqualTo(new FromRunner.Committed(true));
    assertThat(fromRunner(new FromRunner.Committed(false))).isEqualTo(new FromRunner.Committed(false));
    assertThat(fromRunner(new FromRunner.Refused(FromRunner.Reason.DRAINING, "stopping")))
        .isEqualTo(new FromRunner.Refused(FromRunner.Reason.DRAINING, "stopping"));
    FromRunner.ResponseStart s = (FromRunner.ResponseStart) fromRunner(
        new FromRunner.ResponseStart(200, new Headers().add("A", "b"), -1));
    assertThat(s.status()).isEqualTo(200);
    assertThat(s.contentLength()).isEqualTo(-1);
    assertThat(s.headers().first("a")).isEqualTo("b");
    FromRunner.Finished f = new FromRunner.Finished(502, "EXITED", "container exit code 3", true, 1, 2, 3);
    assertThat(fromRunner(f)).isEqualTo(f);
    NodeStatus status = new NodeStatus("n1", new Resources(1 << 30, 2000), new Resources(1 << 20, 100), Map.of(),
        Map.of("F1", 2), 0, 2, 10, 7, 3, 0, 0, 0, true);
    assertThat(WireCodec.decodeStatus(new ByteArrayInputStream(WireCodec.encode(status)))).isEqualTo(status);
    NodeStatus full = new NodeStatus("n1", new Resources(1 << 30, 2000), new Resources(1 << 20, 100),
        Map.of("busy", 2), Map.of("F1", 2), 4, 2, 10, 7, 3, 5, 6, 1, true);
    assertThat(WireCodec.decodeStatus(new ByteArrayInputStream(WireCodec.encode(full))))
        .as("what stays on the runner decodes as zeros").isEqualTo(status);
  }

  @Test
  void aStatusCarriesTheRunnersIdleness() {
    NodeStatus idle = NodeStatus.empty("n1").withIdle(new NodeStatus.Idleness(42, 0));
    assertThat(WireCodec.decodeStatus(new ByteArrayInputStream(WireCodec.encode(idle))).idle())
        .isEqualTo(new NodeStatus.Idleness(42, 0));
    NodeStatus leased = NodeStatus.empty("n1").withIdle(new NodeStatus.Idleness(-1, 118));
    assertThat(WireCodec.decodeStatus(new ByteArrayInputStream(WireCodec.encode(leased))).idle())
        .isEqualTo(new NodeStatus.Idleness(-1, 118));
    assertThat(WireCodec.decodeStatus(new ByteArrayInputStream(WireCodec.encode(NodeStatus.empty("n2")))).idle())
        .isEqualTo(NodeStatus.Idleness.UNTRACKED);
  }

  @Test
  void aLeaseRequestCarriesMethodPathQueryAndBodyWhole() {
    LeaseExchange.Request r = new LeaseExchange.Request("POST", List.of("v2", "allocs", "n1.01J", "keepalive"),
        Map.of("follow", "true", "ü", "ß"), "{\"interval_secs\":60}".getBytes(StandardCharsets.UTF_8));
    LeaseExchange.Request back = WireCodec.decodeLeaseRequest(new ByteArrayInputStream(WireCodec.encode(r)));
    assertThat(back.method()).isEqualTo("POST");
    assertThat(back.segments()).containsExactly("v2", "allocs", "n1.01J", "keepalive");
    assertThat(back.query()).isEqualTo(r.query());
    assertThat(back.body()).isEqualTo(r.body());
    LeaseExchange.Request empty = WireCodec.decodeLeaseRequest(new ByteArrayInputStream(WireCodec.encode(
        new LeaseExchange.Request("GET", List.of(), Map.of(), new byte[0]))));
    assertThat(empty.segments()).isEmpty();
    assertThat(empty.body()).isEmpty();
  }

  @Test
  void aLeaseAnswerIsAHeadThenChunks() {
    LeaseFrame head = WireCodec.decodeLeaseFrame(new ByteArrayInputStream(WireCodec.encode(
        new LeaseFrame.Head(201, "application/json", Map.of("Location", "/v2/allocs/n1.A")))));
    assertThat(head).isEqualTo(new LeaseFrame.Head(201, "application/json", Map.of("Location", "/v2/allocs/n1.A")));
    LeaseFrame chunk = WireCodec.decodeLeaseFrame(new ByteArrayInputStream(WireCodec.encode(
        new LeaseFrame.Chunk(new byte[] {1, 2, 3}))));
    assertThat(((LeaseFrame.Chunk) chunk).bytes()).containsExactly(1, 2, 3);
    assertThatThrownBy(() -> WireCodec.decodeLeaseFrame(new ByteArrayInputStream(WireCodec.encode(
        new WireCodec.StatusRequest())))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a lease answer frame");
    assertThatThrownBy(() -> WireCodec.decodeLeaseRequest(new ByteArrayInputStream(new byte[] {31, 0x7f, 0, 0, 0})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed runner protocol message");
  }

  @Test
  void garbageIsRefusedWithAClearError() {
    assertThatThrownBy(() -> WireCodec.decodeToRunner(new ByteArrayInputStream(new byte[] {99})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed runner protocol message");
    assertThatThrownBy(() -> WireCodec.decodeFromRunner(new ByteArrayInputStream(new byte[] {14, 0x7f, 0, 0, 0})))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
