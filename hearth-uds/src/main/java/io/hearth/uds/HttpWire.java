package io.hearth.uds;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Reads and writes HTTP/1.1 message heads. Stateless. */
public final class HttpWire {
  /** Default budget for one message head: start line plus every header field. */
  public static final int DEFAULT_HEAD_LIMIT = 64 * 1024;

  private HttpWire() {}

  /** Reads a request head; null when the peer closed the connection cleanly before one. */
  public static RequestHead readRequestHead(WireInput in, int headLimit) throws IOException {
    String line = in.readLine(headLimit, headLimit);
    while (line != null && line.isEmpty()) { // tolerate stray CRLF between messages (RFC 9112 2.2)
      line = in.readLine(headLimit, headLimit);
    }
    if (line == null) {
      return null;
    }
    int sp1 = line.indexOf(' ');
    int sp2 = line.lastIndexOf(' ');
    if (sp1 <= 0 || sp2 <= sp1 || !line.startsWith("HTTP/1.", sp2 + 1)) {
      throw new HttpProtocolException("malformed request line: " + abbreviate(line));
    }
    HttpHeaders headers = readFields(in, headLimit - line.length() - 2, headLimit);
    return new RequestHead(line.substring(0, sp1), line.substring(sp1 + 1, sp2), headers);
  }

  /** Reads a response head, skipping interim 1xx responses other than 101. */
  public static ResponseHead readResponseHead(WireInput in, int headLimit) throws IOException {
    while (true) {
      String line = in.readLine(headLimit, headLimit);
      if (line == null) {
        throw new EOFException("connection closed before a response");
      }
      if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
        throw new HttpProtocolException("malformed status line: " + abbreviate(line));
      }
      int status;
      try {
        status = Integer.parseInt(line.substring(9, 12));
      } catch (NumberFormatException e) {
        throw new HttpProtocolException("malformed status line: " + abbreviate(line));
      }
      if (status < 100 || status > 999) {
        throw new HttpProtocolException("malformed status code: " + abbreviate(line));
      }
      String reason = line.length() > 13 ? line.substring(13) : "";
      HttpHeaders headers = readFields(in, headLimit - line.length() - 2, headLimit);
      if (status / 100 == 1 && status != 101) {
        continue;
      }
      return new ResponseHead(status, reason, headers);
    }
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
      if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t'
          || Character.isWhitespace(line.charAt(colon - 1))) {
        throw new HttpProtocolException("malformed header field: " + abbreviate(line));
      }
      headers.add(line.substring(0, colon), line.substring(colon + 1).strip());
    }
  }

  public static void writeRequestHead(OutputStream out, RequestHead head) throws IOException {
    StringBuilder sb = new StringBuilder(256);
    sb.append(head.method()).append(' ').append(head.target()).append(" HTTP/1.1\r\n");
    appendFields(sb, head.headers());
    out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  public static void writeResponseHead(OutputStream out, ResponseHead head) throws IOException {
    StringBuilder sb = new StringBuilder(256);
    sb.append("HTTP/1.1 ").append(head.status()).append(' ').append(head.reason()).append("\r\n");
    appendFields(sb, head.headers());
    out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  private static void appendFields(StringBuilder sb, HttpHeaders headers) {
    headers.forEach((n, v) -> {
      if (hasLineBreak(n) || hasLineBreak(v)) {
        throw new IllegalArgumentException("header field with a line break: " + n);
      }
      sb.append(n).append(": ").append(v).append("\r\n");
    });
    sb.append("\r\n");
  }

  private static boolean hasLineBreak(String s) {
    return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
