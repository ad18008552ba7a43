package io.hearth.protocol;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.hearth.core.call.Headers;
import io.hearth.core.ledger.Resources;
import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.core.status.NodeStatus;
import io.hearth.protocol.wire.RunnerWire;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Between the protocol's records ({@link ToRunner}, {@link FromRunner}, {@link LeaseExchange.Request},
 * {@link LeaseFrame}, {@link NodeStatus}) and the messages generated from {@code runner.proto}, which
 * alone define the bytes. The records stay the API both sides program against (sealed, matched by
 * pattern); this class only copies fields across.
 *
 * <p>Outgoing chunks are wrapped, not copied: a sender does not touch a chunk's array once it has
 * handed it over. A message that decodes but is not one of the protocol's (no kind set, a reason
 * this side does not know) is refused with {@link IllegalArgumentException}.
 *
 * <p>Stateless and thread-safe.
 */
final class WireMessages {
  /** The last app and function encoded: an lb sends the same (immutable) ones call after call. */
  private static final LastEncoded<App, RunnerWire.App> APPS = new LastEncoded<>(WireMessages::app);
  private static final LastEncoded<Fn, RunnerWire.Fn> FNS = new LastEncoded<>(WireMessages::fn);

  private WireMessages() {}

  /**
   * A one-entry memo by identity: the encoding of the last value seen, kept while the same object
   * comes again. Thread-safe: one immutable pair in a volatile field; a race only encodes twice.
   */
  private static final class LastEncoded<T, M> {
    private record Entry<T, M>(T value, M message) {}

    private final java.util.function.Function<T, M> encode;
    private volatile Entry<T, M> last;

    LastEncoded(java.util.function.Function<T, M> encode) {
      this.encode = encode;
    }

    M get(T value) {
      Entry<T, M> e = last;
      if (e != null && e.value() == value) {
        return e.message();
      }
      M message = encode.apply(value);
      last = new Entry<>(value, message);
      return message;
    }
  }

  static RunnerWire.ToRunner toWire(ToRunner m) {
    RunnerWire.ToRunner.Builder b = RunnerWire.ToRunner.newBuilder();
    switch (m) {
      case ToRunner.TryCall t -> b.setTryCall(RunnerWire.TryCall.newBuilder()
          .setVersion(t.version())
          .setCallId(t.callId())
          .setApp(APPS.get(t.app()))
          .setFn(FNS.get(t.fn()))
          .setPlacementKey(t.placementKey())
          .addAllHeaders(headers(t.headers()))
          .setBodyLength(t.bodyLength())
          .setDetached(t.detached()));
      case ToRunner.BodyChunk c -> b.setBodyChunk(UnsafeByteOperations.unsafeWrap(c.bytes()));
      case ToRunner.BodyEnd e -> b.setBodyEnd(RunnerWire.BodyEnd.getDefaultInstance());
    }
    return b.build();
  }

  static ToRunner fromWire(RunnerWire.ToRunner m) {
    return switch (m.getKindCase()) {
      case TRY_CALL -> {
        RunnerWire.TryCall t = m.getTryCall();
        yield new ToRunner.TryCall(t.getVersion(), t.getCallId(), app(t.getApp()), fn(t.getFn()), t.getPlacementKey(),
            headers(t.getHeadersList()), t.getBodyLength(), t.getDetached());
      }
      case BODY_CHUNK -> new ToRunner.BodyChunk(m.getBodyChunk().toByteArray());
      case BODY_END -> new ToRunner.BodyEnd();
      case KIND_NOT_SET -> throw malformed("not a message to a runner");
    };
  }

  static RunnerWire.FromRunner toWire(FromRunner m) {
    RunnerWire.FromRunner.Builder b = RunnerWire.FromRunner.newBuilder();
    switch (m) {
      case FromRunner.Committed c -> b.setCommitted(RunnerWire.Committed.newBuilder().setRecording(c.recording()));
      case FromRunner.Refused r -> b.setRefused(RunnerWire.Refused.newBuilder()
          .setReason(RunnerWire.Refused.Reason.valueOf(r.reason().name()))
          .setMessage(r.message()));
      case FromRunner.ResponseStart s -> b.setResponseStart(RunnerWire.ResponseStart.newBuilder()
          .setStatus(s.status())
          .addAllHeaders(headers(s.headers()))
          .setContentLength(s.contentLength()));
      case FromRunner.ResponseChunk c -> b.setResponseChunk(UnsafeByteOperations.unsafeWrap(c.bytes()));
      case FromRunner.Finished f -> b.setFinished(RunnerWire.Finished.newBuilder()
          .setStatus(f.status())
          .setError(f.error())
          .setMessage(f.message())
          .setCutShort(f.cutShort())
          .setQueueNanos(f.queueNanos())
          .setInitNanos(f.initNanos())
          .setExecNanos(f.execNanos()));
    }
    return b.build();
  }

  static FromRunner fromWire(RunnerWire.FromRunner m) {
    return switch (m.getKindCase()) {
      case COMMITTED -> new FromRunner.Committed(m.getCommitted().getRecording());
      case REFUSED -> new FromRunner.Refused(reason(m.getRefused().getReason()), m.getRefused().getMessage());
      case RESPONSE_START -> {
        RunnerWire.ResponseStart s = m.getResponseStart();
        yield new FromRunner.ResponseStart(s.getStatus(), headers(s.getHeadersList()), s.getContentLength());
      }
      case RESPONSE_CHUNK -> new FromRunner.ResponseChunk(m.getResponseChunk().toByteArray());
      case FINISHED -> {
        RunnerWire.Finished f = m.getFinished();
        yield new FromRunner.Finished(f.getStatus(), f.getError(), f.getMessage(), f.getCutShort(), f.getQueueNanos(),
            f.getInitNanos(), f.getExecNanos());
      }
      case KIND_NOT_SET -> throw malformed("not a message from a runner");
    };
  }

  static RunnerWire.LeaseRequest toWire(LeaseExchange.Request r) {
    return RunnerWire.LeaseRequest.newBuilder()
        .setMethod(r.method())
        .addAllSegments(r.segments())
        .putAllQuery(r.query())
        .setBody(ByteString.copyFrom(r.body()))
        .build();
  }

  static LeaseExchange.Request fromWire(RunnerWire.LeaseRequest r) {
    if (r.getMethod().isEmpty()) {
      throw malformed("a lease request names no method");
    }
    return new LeaseExchange.Request(r.getMethod(), r.getSegmentsList(), r.getQueryMap(), r.getBody().toByteArray());
  }

  static RunnerWire.LeaseFrame toWire(LeaseFrame f) {
    RunnerWire.LeaseFrame.Builder b = RunnerWire.LeaseFrame.newBuilder();
    switch (f) {
      case LeaseFrame.Head h -> b.setHead(RunnerWire.LeaseHead.newBuilder()
          .setStatus(h.status())
          .setContentType(h.contentType())
          .putAllHeaders(h.headers()));
      case LeaseFrame.Chunk c -> b.setChunk(UnsafeByteOperations.unsafeWrap(c.bytes()));
    }
    return b.build();
  }

  static LeaseFrame fromWire(RunnerWire.LeaseFrame f) {
    return switch (f.getKindCase()) {
      case HEAD -> {
        RunnerWire.LeaseHead h = f.getHead();
        yield new LeaseFrame.Head(h.getStatus(), h.getContentType(), h.getHeadersMap());
      }
      case CHUNK -> new LeaseFrame.Chunk(f.getChunk().toByteArray());
      case KIND_NOT_SET -> throw malformed("not a lease answer frame");
    };
  }

  /**
   * A runner's status: the fields its lbs use (its id, load, capacity, grants, warm containers,
   * draining) and its idleness; the rest of the status stays on the runner and arrives as zeros.
   */
  static RunnerWire.RunnerStatus toWire(NodeStatus s) {
    return RunnerWire.RunnerStatus.newBuilder()
        .setNodeId(s.nodeId())
        .setActiveCalls(s.activeCalls())
        .setReceived(s.received())
        .setHandled(s.handled())
        .setRefused(s.refused())
        .setMemoryCapacityBytes(s.capacity().memoryBytes())
        .setMemoryUsedBytes(s.used().memoryBytes())
        .setCpuCapacityMillis(s.capacity().cpuMillis())
        .setCpuUsedMillis(s.used().cpuMillis())
        .putAllWarmByFn(s.warmByFn())
        .setDraining(s.draining())
        .setIdleSecs(s.idle().idleSecs())
        .setLongestLeaseSecs(s.idle().longestLeaseSecs())
        .build();
  }

  static NodeStatus fromWire(RunnerWire.RunnerStatus s) {
    return new NodeStatus(s.getNodeId(), new Resources(s.getMemoryCapacityBytes(), s.getCpuCapacityMillis()),
        new Resources(s.getMemoryUsedBytes(), s.getCpuUsedMillis()), Map.of(), s.getWarmByFnMap(), 0,
        s.getActiveCalls(), s.getReceived(), s.getHandled(), s.getRefused(), 0, 0, 0, s.getDraining(),
        new NodeStatus.Idleness(s.getIdleSecs(), s.getLongestLeaseSecs()));
  }

  private static RunnerWire.App app(App a) {
    RunnerWire.App.Builder b = RunnerWire.App.newBuilder()
        .setId(a.id())
        .setName(a.name())
        .putAllConfig(a.config())
        .putAllAnnotations(a.annotations());
    if (a.syslogUrl() != null) {
      b.setSyslogUrl(a.syslogUrl());
    }
    if (a.shape() != null) {
      b.setShape(a.shape());
    }
    if (a.createdAt() != null) {
      b.setCreatedAtMs(a.createdAt().toEpochMilli());
    }
    if (a.updatedAt() != null) {
      b.setUpdatedAtMs(a.updatedAt().toEpochMilli());
    }
    return b.build();
  }

  private static App app(RunnerWire.App a) {
    return new App(a.getId(), a.getName(), a.getConfigMap(), a.getAnnotationsMap(),
        a.hasSyslogUrl() ? a.getSyslogUrl() : null, a.hasShape() ? a.getShape() : null,
        a.hasCreatedAtMs() ? Instant.ofEpochMilli(a.getCreatedAtMs()) : null,
        a.hasUpdatedAtMs() ? Instant.ofEpochMilli(a.getUpdatedAtMs()) : null);
  }

  private static RunnerWire.Fn fn(Fn f) {
    RunnerWire.Fn.Builder b = RunnerWire.Fn.newBuilder()
        .setId(f.id())
        .setName(f.name())
        .setAppId(f.appId())
        .setImage(f.image())
        .setMemoryMb(f.memoryMb())
        .setTimeoutSecs(f.timeoutSecs())
        .setIdleTimeoutSecs(f.idleTimeoutSecs())
        .putAllConfig(f.config())
        .putAllAnnotations(f.annotations());
    if (f.shape() != null) {
      b.setShape(f.shape());
    }
    if (f.createdAt() != null) {
      b.setCreatedAtMs(f.createdAt().toEpochMilli());
    }
    if (f.updatedAt() != null) {
      b.setUpdatedAtMs(f.updatedAt().toEpochMilli());
    }
    return b.build();
  }

  private static Fn fn(RunnerWire.Fn f) {
    return new Fn(f.getId(), f.getName(), f.getAppId(), f.getImage(), f.getMemoryMb(), f.getTimeoutSecs(),
        f.getIdleTimeoutSecs(), f.getConfigMap(), f.getAnnotationsMap(), f.hasShape() ? f.getShape() : null,
        f.hasCreatedAtMs() ? Instant.ofEpochMilli(f.getCreatedAtMs()) : null,
        f.hasUpdatedAtMs() ? Instant.ofEpochMilli(f.getUpdatedAtMs()) : null);
  }

  private static List<RunnerWire.Header> headers(Headers h) {
    List<RunnerWire.Header> out = new java.util.ArrayList<>(h.size());
    h.forEach((name, value) -> out.add(RunnerWire.Header.newBuilder().setName(name).setValue(value).build()));
    return out;
  }

  private static Headers headers(List<RunnerWire.Header> list) {
    Headers h = new Headers();
    for (RunnerWire.Header header : list) {
      h.add(header.getName(), header.getValue());
    }
    return h;
  }

  private static FromRunner.Reason reason(RunnerWire.Refused.Reason r) {
    return switch (r) {
      case BUSY -> FromRunner.Reason.BUSY;
      case TOO_BIG -> FromRunner.Reason.TOO_BIG;
      case DRAINING -> FromRunner.Reason.DRAINING;
      case VERSION -> FromRunner.Reason.VERSION;
      case REASON_UNSPECIFIED, UNRECOGNIZED -> throw malformed("a refusal without a reason this side knows");
    };
  }

  private static IllegalArgumentException malformed(String what) {
    return new IllegalArgumentException("malformed runner protocol message: " + what);
  }
}
