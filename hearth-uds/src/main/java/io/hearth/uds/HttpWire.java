package io.hearth.uds;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Reads and writes HTTP/1.1 message heads. Stateless. */
public final class HttpWire {
  /** Default budget for one message head: start line plus every header field. */
  public static final int DEFAULT_HEAD_LIMIT = 64 * 1024;

  /** tchar of RFC 9110 section 5.6.2: the characters of a method or a field name. */
  private static final boolean[] TCHAR = new boolean[128];

  static {
    for (char c = '0'; c <= '9'; c++) {
      TCHAR[c] = true;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      TCHAR[c] = true;
      TCHAR[c - 'a' + 'A'] = true;
    }
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
      TCHAR[c] = true;
    }
  }

  private HttpWire() {}

  /** A response head, and whether the connection may carry another exchange as far as it says. */
  record ParsedResponse(ResponseHead head, boolean persistent) {}

  /** Reads a request head; null when the peer closed the connection cleanly before one. */
  public static RequestHead readRequestHead(WireInput in, int headLimit) throws IOException {
    int budget = headLimit;
    String line = in.readLine(budget, headLimit);
    while (line != null && line.isEmpty()) { // tolerate stray CRLF between messages (RFC 9112 2.2)
      budget -= 1; // at least the LF; an endless run of them must not spin forever
      if (budget <= 0) {
        throw new HttpProtocolException.HeadTooLarge(headLimit);
      }
      line = in.readLine(budget, headLimit);
    }
    if (line == null) {
      return null;
    }
    int sp1 = line.indexOf(' ');
    int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
    if (sp1 <= 0 || sp2 <= sp1 + 1 || !isToken(line, 0, sp1) || !isTarget(line, sp1 + 1, sp2)
        || !isVersion(line, sp2 + 1, line.length())) {
      throw new HttpProtocolException("malformed request line: " + abbreviate(line));
    }
    HttpHeaders headers = readFields(in, budget - line.length() - 2, headLimit);
    return new RequestHead(line.substring(0, sp1), line.substring(sp1 + 1, sp2), headers);
  }

  /** Reads a response head, skipping interim 1xx responses other than 101. */
  public static ResponseHead readResponseHead(WireInput in, int headLimit) throws IOException {
    return readResponse(in, headLimit).head();
  }

  /**
   * Reads a response head as {@link #readResponseHead} does, and tells whether the response lets the
   * connection persist: HTTP/1.1 unless it says {@code Connection: close}, HTTP/1.0 only when it
   * says {@code Connection: keep-alive} (RFC 9112 section 9.3).
   */
  static ParsedResponse readResponse(WireInput in, int headLimit) throws IOException {
    int budget = headLimit; // shared by interim responses, so endless 100s hit the limit too
    while (true) {
      String line = in.readLine(budget, headLimit);
      if (line == null) {
        throw new EOFException("connection closed before a response");
      }
      int status = statusOf(line);
      if (status < 0) {
        throw new HttpProtocolException("malformed status line: " + abbreviate(line));
      }
      String reason = line.length() > 13 ? line.substring(13) : "";
      budget -= line.length() + 2;
      HttpHeaders headers = readFields(in, budget, headLimit);
      if (status / 100 == 1 && status != 101) {
        budget -= headersSize(headers) + 2;
        continue;
      }
      boolean http10 = line.charAt(7) == '0';
      boolean persistent = http10
          ? headers.hasToken("Connection", "keep-alive")
          : !headers.hasToken("Connection", "close");
      return new ParsedResponse(new ResponseHead(status, reason, headers), persistent);
    }
  }

  /** The status code of a status line {@code HTTP/1.x NNN[ reason]}, or -1 when malformed. */
  private static int statusOf(String line) {
    if (line.length() < 12 || !isVersion(line, 0, 8) || line.charAt(8) != ' '
        || (line.length() > 12 && line.charAt(12) != ' ')) {
      return -1;
    }
    int status = 0;
    for (int i = 9; i < 12; i++) {
      char c = line.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      status = status * 10 + (c - '0');
    }
    return status < 100 ? -1 : status;
  }

  private static boolean isVersion(String s, int from, int to) {
    return to - from == 8 && s.startsWith("HTTP/1.", from) && (s.charAt(from + 7) == '0' || s.charAt(from + 7) == '1');
  }

  private static int headersSize(HttpHeaders headers) {
    int[] size = {0};
    headers.forEach((n, v) -> size[0] += n.length() + v.length() + 4);
    return size[0];
  }

  private static HttpHeaders readFields(WireInput in, int budget, int headLimit) throws IOException {
    HttpHeaders headers = new HttpHeaders();
    while (true) {
      if (budget <= 0) {
        throw new HttpProtocolException.HeadTooLarge(headLimit);
      }
      String line = in.readLine(budget, headLimit);
      if (line == null) {
        throw new EOFException("connection closed in the middle of a message head");
      }
      budget -= line.length() + 2;
      if (line.isEmpty()) {
        return headers;
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        // obs-fold (a continuation line) is refused, as RFC 9112 section 5.2 allows
        throw new HttpProtocolException("malformed header field: " + abbreviate(line));
      }
      if (!isToken(line, 0, colon)) { // also refuses whitespace before the colon (RFC 9112 5.1)
        throw new HttpProtocolException("malformed header field name: " + abbreviate(line));
      }
      String value = line.substring(colon + 1).strip();
      if (value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) { // RFC 9110 section 5.5
        throw new HttpProtocolException("header field value with CR or NUL: " + abbreviate(line));
      }
      headers.add(line.substring(0, colon), value);
    }
  }

  public static void writeRequestHead(OutputStream out, RequestHead head) throws IOException {
    out.write(encodeRequestHead(head));
  }

  public static void writeResponseHead(OutputStream out, ResponseHead head) throws IOException {
    if (head.status() < 100 || head.status() > 999) {
      throw new IllegalArgumentException("status code must have three digits: " + head.status());
    }
    if (hasLineBreak(head.reason())) {
      throw new IllegalArgumentException("reason phrase with a line break: " + abbreviate(head.reason()));
    }
    StringBuilder sb = new StringBuilder(256);
    sb.append("HTTP/1.1 ").append(head.status()).append(' ').append(head.reason()).append("\r\n");
    appendFields(sb, head.headers());
    out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * The bytes of a request head; checks everything before encoding, so a refused head leaves
   * nothing half-written.
   *
   * @throws IllegalArgumentException when the method is not a token, the target is empty or holds
   *     spaces or control characters, or a field would break the message framing
   */
  static byte[] encodeRequestHead(RequestHead head) {
    String method = head.method();
    String target = head.target();
    if (!isToken(method, 0, method.length())) {
      throw new IllegalArgumentException("request method is not a token: " + abbreviate(method));
    }
    if (!isTarget(target, 0, target.length())) {
      throw new IllegalArgumentException(
          "request target must be non-empty printable ASCII without spaces (percent-encode the rest): "
              + abbreviate(target));
    }
    StringBuilder sb = new StringBuilder(64 + 48 * head.headers().size() + target.length());
    sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    appendFields(sb, head.headers());
    return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void appendFields(StringBuilder sb, HttpHeaders headers) {
    headers.forEach((n, v) -> {
      if (!isToken(n, 0, n.length())) {
        throw new IllegalArgumentException("header field name is not a token: " + abbreviate(n));
      }
      if (hasLineBreak(v) || v.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("header field with a line break or NUL: " + n);
      }
      sb.append(n).append(": ").append(v).append("\r\n");
    });
    sb.append("\r\n");
  }

  private static boolean isToken(String s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c >= 128 || !TCHAR[c]) {
        return false;
      }
    }
    return true;
  }

  /** A request-target: visible ASCII, no spaces (RFC 9112 section 3.2). */
  private static boolean isTarget(String s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c >= 0x7F) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasLineBreak(String s) {
    return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
