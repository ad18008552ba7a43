package io.hearth.fdk;

import io.hearth.uds.HttpHeaders;
import io.hearth.uds.HttpWire;
import io.hearth.uds.ResponseHead;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Response heads and the FDK's own answers (errors as JSON). Stateless. */
final class Responses {
  private Responses() {}

  /** Writes a complete JSON error response {@code {"message": ...}} and flushes it. */
  static void error(OutputStream out, int status, String message, boolean close) throws IOException {
    byte[] body = Json.message(message).getBytes(StandardCharsets.UTF_8);
    HttpHeaders headers = new HttpHeaders()
        .add("Content-Type", "application/json")
        .add("Content-Length", Integer.toString(body.length));
    writeHead(out, status, headers, close);
    out.write(body);
    out.flush();
  }

  /** Writes a status line and the headers, adding the FDK's own and Connection: close if asked. */
  static void writeHead(OutputStream out, int status, HttpHeaders headers, boolean close) throws IOException {
    headers.set("Fn-Fdk-Version", FdkVersion.HEADER_VALUE);
    headers.set("Fn-Fdk-Runtime", FdkVersion.RUNTIME);
    if (close) {
      headers.set("Connection", "close");
    }
    HttpWire.writeResponseHead(out, new ResponseHead(status, reason(status), headers));
  }

  static String reason(int status) {
    return switch (status) {
      case 100 -> "Continue";
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 504 -> "Gateway Timeout";
      default -> "Status " + status;
    };
  }
}
