package io.hearth.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 exchange over a plain socket to 127.0.0.1, with the request line and body sent as
 * given: no client library in between to refuse or repair a malformed request. The connection is
 * closed after the answer (Connection: close), so the body is whatever comes before EOF.
 */
final class RawHttp {
  /** The answer: status, Content-Type (or null), body bytes after the head. */
  record Answer(int status, String contentType, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private RawHttp() {}

  static Answer send(int port, String method, String target, String contentType, byte[] body) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(30_000);
      StringBuilder head = new StringBuilder()
          .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
          .append("Host: 127.0.0.1:").append(port).append("\r\n")
          .append("Connection: close\r\n");
      if (contentType != null) {
        head.append("Content-Type: ").append(contentType).append("\r\n");
      }
      if (body != null) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      try {
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        if (body != null) {
          out.write(body);
        }
        out.flush();
      } catch (SocketException e) {
        // the server may answer (413) and close before a large body is all sent; read its answer
      }
      return read(socket.getInputStream(), method.equals("HEAD"));
    }
  }

  private static Answer read(InputStream in, boolean head) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    try {
      while ((n = in.read(buf)) > 0) {
        all.write(buf, 0, n);
      }
    } catch (SocketException e) {
      // reset after the answer was sent: keep what arrived
    }
    byte[] bytes = all.toByteArray();
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.1 ") || end < 0) {
      throw new IOException("not an HTTP answer: " + text.substring(0, Math.min(200, text.length())));
    }
    int status = Integer.parseInt(text.substring(9, 12));
    String contentType = null;
    boolean chunked = false;
    for (String line : text.substring(0, end).split("\r\n")) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-type:")) {
        contentType = line.substring(13).strip();
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
    return new Answer(status, contentType, head ? new byte[0] : chunked ? unchunk(body) : body);
  }

  private static byte[] unchunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < chunked.length) {
      int lineEnd = indexOfCrlf(chunked, i);
      if (lineEnd < 0) {
        break;
      }
      String size = new String(chunked, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].strip();
      int n = Integer.parseInt(size, 16);
      if (n == 0) {
        break;
      }
      out.write(chunked, lineEnd + 2, n);
      i = lineEnd + 2 + n + 2;
    }
    return out.toByteArray();
  }

  private static int indexOfCrlf(byte[] b, int from) {
    for (int i = from; i + 1 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
