package io.hearth.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.MethodDescriptor;
import io.hearth.core.call.Headers;
import io.hearth.core.ledger.Resources;
import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.core.status.NodeStatus;
import io.hearth.protocol.wire.RunnerWire;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The records through the methods' own marshallers, and the bytes read back as runner.proto's messages. */
class WireMessagesTest {
  private static final Instant T = Instant.parse("2026-01-02T03:04:05.678Z");

  private static byte[] bytes(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T roundTrip(MethodDescriptor.Marshaller<T> m, T value) {
    return m.parse(new ByteArrayInputStream(bytes(m.stream(value))));
  }

  private static ToRunner toRunner(ToRunner m) {
    return roundTrip(RunnerProtocol.CALL.getRequestMarshaller(), m);
  }

  private static FromRunner fromRunner(FromRunner m) {
    return roundTrip(RunnerProtocol.CALL.getResponseMarshaller(), m);
  }

  private static NodeStatus status(NodeStatus s) {
    return roundTrip(RunnerProtocol.STATUS.getResponseMarshaller(), s);
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
  void anotherFunctionOrAppIsEncodedAfresh() {
    App app = new App("A1", "shop", Map.of(), Map.of(), null, null, null, null);
    Fn one = new Fn("F1", "one", "A1", "img:1", 128, 10, 30, Map.of("V", "1"), Map.of(), null, null, null);
    Fn two = new Fn("F2", "two", "A1", "img:2", 256, 10, 30, Map.of("V", "2"), Map.of(), null, null, null);
    for (Fn fn : List.of(one, one, two, one)) {
      ToRunner.TryCall t = (ToRunner.TryCall) toRunner(new ToRunner.TryCall(1, "C", app, fn, 0, new Headers(), 0,
          false));
      assertThat(t.fn()).isEqualTo(fn);
      assertThat(t.app()).isEqualTo(app);
    }
    App other = new App("A2", "tools", Map.of("K", "v"), Map.of(), null, null, null, null);
    assertThat(((ToRunner.TryCall) toRunner(new ToRunner.TryCall(1, "C", other, one, 0, new Headers(), 0, false)))
        .app()).isEqualTo(other);
  }

  @Test
  void everyOtherMessageRoundTrips() {
    assertThat(((ToRunner.BodyChunk) toRunner(new ToRunner.BodyChunk(new byte[] {1, 2, 3}))).bytes())
        .containsExactly(1, 2, 3);
    assertThat(toRunner(new ToRunner.BodyEnd())).isInstanceOf(ToRunner.BodyEnd.class);
    assertThat(fromRunner(new FromRunner.Committed(true))).isEqualTo(new FromRunner.Committed(true));
    assertThat(fromRunner(new FromRunner.Committed(false))).isEqualTo(new FromRunner.Committed(false));
    for (FromRunner.Reason reason : FromRunner.Reason.values()) {
      assertThat(fromRunner(new FromRunner.Refused(reason, "stopping")))
          .isEqualTo(new FromRunner.Refused(reason, "stopping"));
    }
    FromRunner.ResponseStart s = (FromRunner.ResponseStart) fromRunner(
        new FromRunner.ResponseStart(200, new Headers().add("A", "b"), -1));
    assertThat(s.status()).isEqualTo(200);
    assertThat(s.contentLength()).isEqualTo(-1);
    assertThat(s.headers().first("a")).isEqualTo("b");
    assertThat(((FromRunner.ResponseChunk) fromRunner(new FromRunner.ResponseChunk(new byte[] {9}))).bytes())
        .containsExactly(9);
    FromRunner.Finished f = new FromRunner.Finished(502, "EXITED", "container exit code 3", true, 1, 2, 3);
    assertThat(fromRunner(f)).isEqualTo(f);
    NodeStatus status = new NodeStatus("n1", new Resources(1 << 30, 2000), new Resources(1 << 20, 100), Map.of(),
        Map.of("F1", 2), 0, 2, 10, 7, 3, 0, 0, 0, true);
    assertThat(status(status)).isEqualTo(status);
    NodeStatus full = new NodeStatus("n1", new Resources(1 << 30, 2000), new Resources(1 << 20, 100),
        Map.of("busy", 2), Map.of("F1", 2), 4, 2, 10, 7, 3, 5, 6, 1, true);
    assertThat(status(full)).as("what stays on the runner arrives as zeros").isEqualTo(status);
  }

  @Test
  void aStatusCarriesTheRunnersIdleness() {
    NodeStatus idle = NodeStatus.empty("n1").withIdle(new NodeStatus.Idleness(42, 0));
    assertThat(status(idle).idle()).isEqualTo(new NodeStatus.Idleness(42, 0));
    NodeStatus leased = NodeStatus.empty("n1").withIdle(new NodeStatus.Idleness(-1, 118));
    assertThat(status(leased).idle()).isEqualTo(new NodeStatus.Idleness(-1, 118));
    assertThat(status(NodeStatus.empty("n2")).idle()).isEqualTo(NodeStatus.Idleness.UNTRACKED);
  }

  @Test
  void aLeaseRequestCarriesMethodPathQueryAndBodyWhole() {
    MethodDescriptor.Marshaller<LeaseExchange.Request> m = RunnerProtocol.LEASES.getRequestMarshaller();
    LeaseExchange.Request r = new LeaseExchange.Request("POST", List.of("v2", "allocs", "n1.01J", "keepalive"),
        Map.of("follow", "true", "ü", "ß"), "{\"interval_secs\":60}".getBytes(StandardCharsets.UTF_8));
    LeaseExchange.Request back = roundTrip(m, r);
    assertThat(back.method()).isEqualTo("POST");
    assertThat(back.segments()).containsExactly("v2", "allocs", "n1.01J", "keepalive");
    assertThat(back.query()).isEqualTo(r.query());
    assertThat(back.body()).isEqualTo(r.body());
    LeaseExchange.Request empty = roundTrip(m, new LeaseExchange.Request("GET", List.of(), Map.of(), new byte[0]));
    assertThat(empty.segments()).isEmpty();
    assertThat(empty.body()).isEmpty();
  }

  @Test
  void aLeaseAnswerIsAHeadThenChunks() {
    MethodDescriptor.Marshaller<LeaseFrame> m = RunnerProtocol.LEASES.getResponseMarshaller();
    LeaseFrame.Head head = new LeaseFrame.Head(201, "application/json", Map.of("Location", "/v2/allocs/n1.A"));
    assertThat(roundTrip(m, head)).isEqualTo(head);
    assertThat(((LeaseFrame.Chunk) roundTrip(m, new LeaseFrame.Chunk(new byte[] {1, 2, 3}))).bytes())
        .containsExactly(1, 2, 3);
  }

  @Test
  void theBytesAreRunnerProtosMessages() throws Exception {
    // What another language's generated code reads: the generated parser sees every field by its name.
    Headers h = new Headers().add("X-Many", "1").add("X-Many", "2");
    App app = new App("A1", "shop", Map.of("K", "v"), Map.of(), null, null, T, null);
    Fn fn = new Fn("F1", "cart", "A1", "img:1", 256, 10, 60, Map.of(), Map.of(), null, null, null);
    byte[] bytes = bytes(RunnerProtocol.CALL.getRequestMarshaller().stream(
        new ToRunner.TryCall(RunnerProtocol.VERSION, "C1", app, fn, 7, h, 12, false)));
    RunnerWire.TryCall t = RunnerWire.ToRunner.parseFrom(bytes).getTryCall();
    assertThat(t.getVersion()).isEqualTo(RunnerProtocol.VERSION);
    assertThat(t.getApp().getConfigMap()).containsEntry("K", "v");
    assertThat(t.getApp().getCreatedAtMs()).isEqualTo(T.toEpochMilli());
    assertThat(t.getApp().hasUpdatedAtMs()).isFalse();
    assertThat(t.getFn().getMemoryMb()).isEqualTo(256);
    assertThat(t.getHeadersList()).extracting(RunnerWire.Header::getValue).containsExactly("1", "2");
    // And what it writes, this side reads.
    RunnerWire.FromRunner refused = RunnerWire.FromRunner.newBuilder().setRefused(RunnerWire.Refused.newBuilder()
        .setReason(RunnerWire.Refused.Reason.TOO_BIG).setMessage("too big")).build();
    assertThat(RunnerProtocol.CALL.getResponseMarshaller().parse(new ByteArrayInputStream(refused.toByteArray())))
        .isEqualTo(new FromRunner.Refused(FromRunner.Reason.TOO_BIG, "too big"));
    assertThat(RunnerProtocol.CALL.getFullMethodName()).isEqualTo("hearth.runner.Runner/Call");
    assertThat(RunnerProtocol.STATUS.getFullMethodName()).isEqualTo("hearth.runner.Runner/Status");
    assertThat(RunnerProtocol.LEASES.getFullMethodName()).isEqualTo("hearth.runner.Runner/Leases");
  }

  @Test
  void aMessageThatIsNoneOfTheProtocolsIsRefusedWithAClearError() {
    byte[] empty = new byte[0];
    assertThatThrownBy(() -> RunnerProtocol.CALL.getRequestMarshaller().parse(new ByteArrayInputStream(empty)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a message to a runner");
    assertThatThrownBy(() -> RunnerProtocol.CALL.getResponseMarshaller().parse(new ByteArrayInputStream(empty)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a message from a runner");
    assertThatThrownBy(() -> RunnerProtocol.LEASES.getResponseMarshaller().parse(new ByteArrayInputStream(empty)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a lease answer frame");
    byte[] noReason = RunnerWire.FromRunner.newBuilder().setRefused(RunnerWire.Refused.newBuilder().setMessage("?"))
        .build().toByteArray();
    assertThatThrownBy(() -> RunnerProtocol.CALL.getResponseMarshaller().parse(new ByteArrayInputStream(noReason)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed runner protocol message");
    assertThatThrownBy(() -> RunnerProtocol.CALL.getRequestMarshaller().parse(
        new ByteArrayInputStream(new byte[] {(byte) 0xff, (byte) 0xff}))).isInstanceOf(RuntimeException.class);
  }
}
