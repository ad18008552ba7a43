package io.hearth.fdk;

import io.hearth.fdk.testing.RawConnection;
import io.hearth.uds.ChunkedOutputStream;
import io.hearth.uds.FixedLengthOutputStream;
import io.hearth.uds.HttpHeaders;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Set;

/**
 * The response to one call, written onto its connection: the FDK's {@link FnResponse} (and the
 * test-only {@link RawConnection}). Headers collect until the body's first byte commits them; the
 * body is chunked unless a length was declared.
 *
 * <p>Confined to the connection's thread (which runs the handler); no field is shared.
 */
final class CallExchange implements FnResponse, RawConnection {
  /** Chunks are at least this big, so that tiny writes don't become tiny chunks. */
  private static final int CHUNK_BUFFER = 8 * 1024;
  /** Headers that frame the message on the connection: the FDK sets them, a handler can't. */
  private static final Set<String> FRAMING = Set.of(
      "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer", "proxy-connection");

  private enum State { HEADERS, BODY, COMMITTED, RAW, DONE }

  private final String callId;
  private final OutputStream out;
  private final Runnable closeConnection;
  private final boolean closeAfter;
  private final HttpHeaders headers = new HttpHeaders();
  private long contentLength = -1;
  private State state = State.HEADERS;
  private boolean committed;
  private boolean broken;
  private OutputStream framed;
  private ResponseBody body;

  CallExchange(String callId, OutputStream out, Runnable closeConnection, boolean closeAfter) {
    this.callId = callId;
    this.out = out;
    this.closeConnection = closeConnection;
    this.closeAfter = closeAfter;
  }

  // ---- FnResponse ----

  @Override
  public FnResponse status(int code) {
    if (code < 100 || code > 599) {
      throw new IllegalArgumentException("HTTP status must be 100..599, not " + code);
    }
    return setHeader("Fn-Http-Status", Integer.toString(code));
  }

  @Override
  public FnResponse contentType(String type) {
    return setHeader("Content-Type", type);
  }

  @Override
  public FnResponse setHeader(String name, String value) {
    return header(name, value, true);
  }

  @Override
  public FnResponse addHeader(String name, String value) {
    return header(name, value, false);
  }

  @Override
  public FnResponse setHttpHeader(String name, String value) {
    return header(httpName(name), value, true);
  }

  @Override
  public FnResponse addHttpHeader(String name, String value) {
    return header(httpName(name), value, false);
  }

  private static String httpName(String name) {
    return name.equalsIgnoreCase("Content-Type") ? name : TriggerRequest.PREFIX + name;
  }

  private FnResponse header(String name, String value, boolean replace) {
    checkHeadersOpen();
    checkField(name, value);
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals("content-length")) {
      try {
        return contentLength(Long.parseLong(value.strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Content-Length must be a number, not '" + value + "'");
      }
    }
    if (FRAMING.contains(lower)) {
      throw new IllegalArgumentException(name + " frames the connection; the FDK sets it itself");
    }
    if (replace) {
      headers.set(name, value);
    } else {
      headers.add(name, value);
    }
    return this;
  }

  private static void checkField(String name, String value) {
    if (name == null || name.isEmpty() || value == null) {
      throw new IllegalArgumentException("header name and value are required");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c >= 0x7F || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
        throw new IllegalArgumentException("invalid header name: '" + name + "'");
      }
    }
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("header " + name + " has a line break in its value");
    }
  }

  @Override
  public FnResponse contentLength(long length) {
    checkHeadersOpen();
    if (length < 0) {
      throw new IllegalArgumentException("Content-Length must not be negative: " + length);
    }
    contentLength = length;
    return this;
  }

  private void checkHeadersOpen() {
    if (state != State.HEADERS) {
      throw new IllegalStateException(switch (state) {
        case BODY, COMMITTED -> "the response headers are fixed once body() has been called";
        case RAW -> "the connection was taken over raw";
        default -> "the call is over";
      });
    }
  }

  @Override
  public OutputStream body() {
    switch (state) {
      case HEADERS -> {
        state = State.BODY;
        body = new ResponseBody();
      }
      case BODY, COMMITTED -> { }
      case RAW -> throw new IllegalStateException("the connection was taken over raw");
      case DONE -> throw new IllegalStateException("the call is over");
    }
    return body;
  }

  @Override
  public boolean isCommitted() {
    return committed;
  }

  /** Writes the head; the body follows through {@link #framed}. */
  private void commit() throws IOException {
    if (committed) {
      return;
    }
    committed = true;
    state = State.COMMITTED;
    HttpHeaders head = new HttpHeaders();
    headers.forEach(head::add);
    if (contentLength >= 0) {
      head.set("Content-Length", Long.toString(contentLength));
      framed = new FixedLengthOutputStream(out, contentLength);
    } else {
      head.set("Transfer-Encoding", "chunked");
      framed = new BufferedOutputStream(new ChunkedOutputStream(out), CHUNK_BUFFER);
    }
    try {
      Responses.writeHead(out, 200, head, closeAfter);
    } catch (IOException e) {
      broken = true;
      throw e;
    }
  }

  // ---- RawConnection ----

  @Override
  public OutputStream rawOutput() {
    if (committed) {
      throw new IllegalStateException("the FDK's response was already committed");
    }
    if (state == State.DONE) {
      throw new IllegalStateException("the call is over");
    }
    state = State.RAW;
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        out.flush(); // the connection outlives this stream
      }
    };
  }

  @Override
  public void closeConnection() {
    state = state == State.DONE ? State.DONE : State.RAW;
    broken = true;
    closeConnection.run();
  }

  // ---- driven by the connection ----

  /** The handler returned: complete the response. A failure here is the call's failure. */
  void finish() throws IOException {
    State was = state;
    if (was == State.DONE) {
      return;
    }
    if (was == State.RAW) {
      state = State.DONE;
      if (!broken) {
        out.flush();
      }
      return;
    }
    if (!committed && contentLength > 0) {
      throw new IllegalStateException("the handler declared a Content-Length of " + contentLength
          + " bytes but wrote no body");
    }
    if (!committed) {
      contentLength = Math.max(contentLength, 0);
    }
    if (body == null) {
      body = new ResponseBody();
    }
    body.close();
    state = State.DONE;
  }

  /** The handler (or finishing its response) failed: answer 502 if still possible, else break the connection. */
  void fail(Throwable failure) {
    System.err.println("hearth-fdk: call " + callId + " failed:");
    failure.printStackTrace();
    State was = state;
    state = State.DONE;
    if (committed || was == State.RAW || broken) {
      breakConnection();
      return;
    }
    try {
      Responses.error(out, 502, failure.toString(), closeAfter);
    } catch (IOException e) {
      breakConnection();
    }
  }

  private void breakConnection() {
    if (!broken) {
      broken = true;
      closeConnection.run();
    }
  }

  /** Whether the connection can carry the next call. */
  boolean keepsConnection() {
    return !broken && !closeAfter;
  }

  /**
   * The body stream a handler writes: commits the response on its first byte (or flush), then
   * passes bytes to the framing stream. Any failure writing leaves the connection unusable.
   */
  private final class ResponseBody extends OutputStream {
    private boolean closed;

    private void open() throws IOException {
      if (closed || state == State.DONE || state == State.RAW) {
        throw new IOException("the response body is already complete");
      }
      commit();
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return;
      }
      open();
      try {
        framed.write(b, off, len);
      } catch (IOException e) {
        broken = true;
        throw e;
      }
    }

    @Override
    public void flush() throws IOException {
      open();
      try {
        framed.flush();
      } catch (IOException e) {
        broken = true;
        throw e;
      }
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      if (!committed && contentLength < 0) {
        contentLength = 0; // an empty body: no need for chunks
      }
      open();
      closed = true;
      try {
        framed.close();
        out.flush();
      } catch (IOException e) {
        broken = true;
        throw e;
      }
    }
  }
}
