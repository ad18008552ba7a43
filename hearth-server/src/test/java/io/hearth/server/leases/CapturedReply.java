package io.hearth.server.leases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.protocol.LeaseExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A reply kept in memory: its status, type, headers, body, flushes and whether it was closed. */
final class CapturedReply implements LeaseExchange.Reply {
  int status;
  String contentType;
  Map<String, String> headers = Map.of();
  final ByteArrayOutputStream body = new ByteArrayOutputStream();
  int opens;
  int flushes;
  boolean closed;

  @Override
  public OutputStream open(int status, String contentType) {
    return open(status, contentType, Map.of());
  }

  @Override
  public OutputStream open(int status, String contentType, Map<String, String> headers) {
    opens++;
    this.status = status;
    this.contentType = contentType;
    this.headers = headers;
    return new OutputStream() {
      @Override
      public void write(int b) {
        body.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        body.write(b, off, len);
      }

      @Override
      public void flush() {
        flushes++;
      }

      @Override
      public void close() {
        closed = true;
      }
    };
  }

  String text() {
    return body.toString(StandardCharsets.UTF_8);
  }

  JsonNode json() throws IOException {
    return new ObjectMapper().readTree(body.toByteArray());
  }

  String message() throws IOException {
    return json().path("message").asText();
  }
}
