package io.hearth.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/** Errors Jetty answers by itself (malformed requests, oversized headers) in Hearth's JSON form. */
public final class JsonErrorHandler extends ErrorHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus() > 0 ? response.getStatus() : 500;
    Object attr = request.getAttribute(ERROR_MESSAGE);
    String message = attr instanceof String s && !s.isBlank() ? s : HttpStatus.getMessage(status);
    byte[] json;
    try {
      json = ErrorBodies.terminated(status, JSON.writeValueAsBytes(Map.of("message", message))); // Fn's newline
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of one string is always JSON", e);
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(json), callback);
    return true;
  }
}
