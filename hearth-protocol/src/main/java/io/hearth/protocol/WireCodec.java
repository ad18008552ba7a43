package io.hearth.protocol;

import io.hearth.core.call.Headers;
import io.hearth.core.ledger.Resources;
import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.core.status.NodeStatus;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runner protocol's messages in bytes: a tag byte naming the message, then its fields in
 * order — integers big-endian, strings as a length and UTF-8, maps as a count and pairs, instants
 * as epoch milliseconds (-1 for none). Hand-written rather than generated: the protocol is a
 * handful of flat messages, and this keeps protoc and its per-platform plugin binaries out of the
 * build. A new field goes at the end of a message with a new {@link RunnerProtocol#VERSION}.
 *
 * <p>Stateless and thread-safe.
 */
public final class WireCodec {
  private static final int TRY_CALL = 1;
  private static final int BODY_CHUNK = 2;
  private static final int BODY_END = 3;
  private static final int COMMITTED = 11;
  private static final int REFUSED = 12;
  private static final int RESPONSE_START = 13;
  private static final int RESPONSE_CHUNK = 14;
  private static final int FINISHED = 15;
  private static final int STATUS_REQUEST = 21;
  private static final int STATUS = 22;
  private static final int LEASE_REQUEST = 31;
  private static final int LEASE_HEAD = 32;
  private static final int LEASE_CHUNK = 33;
  /** Longest string or byte field accepted: a bound against a corrupt length. */
  private static final int MAX_FIELD = 64 << 20;

  private WireCodec() {}

  /** The status call's request: nothing to say. */
  public record StatusRequest() {}

  static byte[] encode(ToRunner m) {
    return write(out -> {
      switch (m) {
        case ToRunner.TryCall t -> {
          out.writeByte(TRY_CALL);
          out.writeInt(t.version());
          string(out, t.callId());
          app(out, t.app());
          fn(out, t.fn());
          out.writeLong(t.placementKey());
          headers(out, t.headers());
          out.writeLong(t.bodyLength());
          out.writeBoolean(t.detached());
        }
        case ToRunner.BodyChunk c -> {
          out.writeByte(BODY_CHUNK);
          bytes(out, c.bytes());
        }
        case ToRunner.BodyEnd e -> out.writeByte(BODY_END);
      }
    });
  }

  static ToRunner decodeToRunner(InputStream stream) {
    return read(stream, in -> switch (in.readUnsignedByte()) {
      case TRY_CALL -> new ToRunner.TryCall(in.readInt(), string(in), app(in), fn(in), in.readLong(), headers(in),
          in.readLong(), in.readBoolean());
      case BODY_CHUNK -> new ToRunner.BodyChunk(bytes(in));
      case BODY_END -> new ToRunner.BodyEnd();
      default -> throw new IOException("not a message to a runner");
    });
  }

  static byte[] encode(FromRunner m) {
    return write(out -> {
      switch (m) {
        case FromRunner.Committed c -> {
          out.writeByte(COMMITTED);
          out.writeBoolean(c.recording());
        }
        case FromRunner.Refused r -> {
          out.writeByte(REFUSED);
          string(out, r.reason().name());
          string(out, r.message());
        }
        case FromRunner.ResponseStart s -> {
          out.writeByte(RESPONSE_START);
          out.writeInt(s.status());
          headers(out, s.headers());
          out.writeLong(s.contentLength());
        }
        case FromRunner.ResponseChunk c -> {
          out.writeByte(RESPONSE_CHUNK);
          bytes(out, c.bytes());
        }
        case FromRunner.Finished f -> {
          out.writeByte(FINISHED);
          out.writeInt(f.status());
          string(out, f.error());
          string(out, f.message());
          out.writeBoolean(f.cutShort());
          out.writeLong(f.queueNanos());
          out.writeLong(f.initNanos());
          out.writeLong(f.execNanos());
        }
      }
    });
  }

  static FromRunner decodeFromRunner(InputStream stream) {
    return read(stream, in -> switch (in.readUnsignedByte()) {
      case COMMITTED -> new FromRunner.Committed(in.readBoolean());
      case REFUSED -> new FromRunner.Refused(FromRunner.Reason.valueOf(string(in)), string(in));
      case RESPONSE_START -> new FromRunner.ResponseStart(in.readInt(), headers(in), in.readLong());
      case RESPONSE_CHUNK -> new FromRunner.ResponseChunk(bytes(in));
      case FINISHED -> new FromRunner.Finished(in.readInt(), string(in), string(in), in.readBoolean(), in.readLong(),
          in.readLong(), in.readLong());
      default -> throw new IOException("not a message from a runner");
    });
  }

  static byte[] encode(StatusRequest r) {
    return write(out -> out.writeByte(STATUS_REQUEST));
  }

  static StatusRequest decodeStatusRequest(InputStream stream) {
    return read(stream, in -> {
      if (in.readUnsignedByte() != STATUS_REQUEST) {
        throw new IOException("not a status request");
      }
      return new StatusRequest();
    });
  }

  static byte[] encode(LeaseExchange.Request r) {
    return write(out -> {
      out.writeByte(LEASE_REQUEST);
      string(out, r.method());
      out.writeInt(r.segments().size());
      for (String segment : r.segments()) {
        string(out, segment);
      }
      map(out, r.query());
      bytes(out, r.body());
    });
  }

  static LeaseExchange.Request decodeLeaseRequest(InputStream stream) {
    return read(stream, in -> {
      if (in.readUnsignedByte() != LEASE_REQUEST) {
        throw new IOException("not a lease request");
      }
      String method = string(in);
      int n = count(in);
      List<String> segments = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        segments.add(string(in));
      }
      return new LeaseExchange.Request(method, segments, map(in), bytes(in));
    });
  }

  static byte[] encode(LeaseFrame f) {
    return write(out -> {
      switch (f) {
        case LeaseFrame.Head h -> {
          out.writeByte(LEASE_HEAD);
          out.writeInt(h.status());
          string(out, h.contentType());
          map(out, h.headers());
        }
        case LeaseFrame.Chunk c -> {
          out.writeByte(LEASE_CHUNK);
          bytes(out, c.bytes());
        }
      }
    });
  }

  static LeaseFrame decodeLeaseFrame(InputStream stream) {
    return read(stream, in -> switch (in.readUnsignedByte()) {
      case LEASE_HEAD -> new LeaseFrame.Head(in.readInt(), string(in), map(in));
      case LEASE_CHUNK -> new LeaseFrame.Chunk(bytes(in));
      default -> throw new IOException("not a lease answer frame");
    });
  }

  /**
   * A runner's status: the fields its lbs use (its id, load, capacity, grants, warm containers,
   * draining) and its idleness; the rest of the status stays on the runner and decodes as zeros.
   */
  static byte[] encode(NodeStatus s) {
    return write(out -> {
      out.writeByte(STATUS);
      string(out, s.nodeId());
      out.writeInt(s.activeCalls());
      out.writeLong(s.received());
      out.writeLong(s.handled());
      out.writeLong(s.refused());
      out.writeLong(s.capacity().memoryBytes());
      out.writeLong(s.used().memoryBytes());
      out.writeLong(s.capacity().cpuMillis());
      out.writeLong(s.used().cpuMillis());
      out.writeInt(s.warmByFn().size());
      for (Map.Entry<String, Integer> e : s.warmByFn().entrySet()) {
        string(out, e.getKey());
        out.writeInt(e.getValue());
      }
      out.writeBoolean(s.draining());
      out.writeLong(s.idle().idleSecs());
      out.writeLong(s.idle().longestLeaseSecs());
    });
  }

  static NodeStatus decodeStatus(InputStream stream) {
    return read(stream, in -> {
      if (in.readUnsignedByte() != STATUS) {
        throw new IOException("not a runner status");
      }
      String node = string(in);
      int active = in.readInt();
      long received = in.readLong();
      long handled = in.readLong();
      long refused = in.readLong();
      long memCap = in.readLong();
      long memUsed = in.readLong();
      long cpuCap = in.readLong();
      long cpuUsed = in.readLong();
      int n = count(in);
      Map<String, Integer> warm = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        warm.put(string(in), in.readInt());
      }
      boolean draining = in.readBoolean();
      NodeStatus.Idleness idle = new NodeStatus.Idleness(in.readLong(), in.readLong());
      return new NodeStatus(node, new Resources(memCap, cpuCap), new Resources(memUsed, cpuUsed), Map.of(), warm, 0,
          active, received, handled, refused, 0, 0, 0, draining, idle);
    });
  }

  private static void app(DataOutputStream out, App a) throws IOException {
    string(out, a.id());
    string(out, a.name());
    map(out, a.config());
    map(out, a.annotations());
    nullable(out, a.syslogUrl());
    nullable(out, a.shape());
    instant(out, a.createdAt());
    instant(out, a.updatedAt());
  }

  private static App app(DataInputStream in) throws IOException {
    return new App(string(in), string(in), map(in), map(in), nullable(in), nullable(in), instant(in), instant(in));
  }

  private static void fn(DataOutputStream out, Fn f) throws IOException {
    string(out, f.id());
    string(out, f.name());
    string(out, f.appId());
    string(out, f.image());
    out.writeInt(f.memoryMb());
    out.writeInt(f.timeoutSecs());
    out.writeInt(f.idleTimeoutSecs());
    map(out, f.config());
    map(out, f.annotations());
    nullable(out, f.shape());
    instant(out, f.createdAt());
    instant(out, f.updatedAt());
  }

  private static Fn fn(DataInputStream in) throws IOException {
    return new Fn(string(in), string(in), string(in), string(in), in.readInt(), in.readInt(), in.readInt(), map(in),
        map(in), nullable(in), instant(in), instant(in));
  }

  private static void headers(DataOutputStream out, Headers h) throws IOException {
    out.writeInt(h.size());
    IOException[] failure = new IOException[1];
    h.forEach((name, value) -> {
      try {
        string(out, name);
        string(out, value);
      } catch (IOException e) {
        failure[0] = e;
      }
    });
    if (failure[0] != null) {
      throw failure[0];
    }
  }

  private static Headers headers(DataInputStream in) throws IOException {
    int n = count(in);
    Headers h = new Headers();
    for (int i = 0; i < n; i++) {
      h.add(string(in), string(in));
    }
    return h;
  }

  private static void map(DataOutputStream out, Map<String, String> m) throws IOException {
    out.writeInt(m.size());
    for (Map.Entry<String, String> e : m.entrySet()) {
      string(out, e.getKey());
      string(out, e.getValue());
    }
  }

  private static Map<String, String> map(DataInputStream in) throws IOException {
    int n = count(in);
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      m.put(string(in), string(in));
    }
    return m;
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    bytes(out, s.getBytes(StandardCharsets.UTF_8));
  }

  private static String string(DataInputStream in) throws IOException {
    return new String(bytes(in), StandardCharsets.UTF_8);
  }

  private static void nullable(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      string(out, s);
    }
  }

  private static String nullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? string(in) : null;
  }

  private static void instant(DataOutputStream out, Instant t) throws IOException {
    out.writeLong(t == null ? -1 : t.toEpochMilli());
  }

  private static Instant instant(DataInputStream in) throws IOException {
    long ms = in.readLong();
    return ms == -1 ? null : Instant.ofEpochMilli(ms);
  }

  private static void bytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  private static byte[] bytes(DataInputStream in) throws IOException {
    return in.readNBytes(count(in));
  }

  private static int count(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_FIELD) {
      throw new IOException("field length " + n + " out of range");
    }
    return n;
  }

  @FunctionalInterface
  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  @FunctionalInterface
  private interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private static byte[] write(Writer w) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      w.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return bytes.toByteArray();
  }

  private static <T> T read(InputStream stream, Reader<T> r) {
    try (DataInputStream in = new DataInputStream(stream)) {
      return r.read(in);
    } catch (IOException | IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("malformed runner protocol message: " + e.getMessage(), e);
    }
  }
}
