package io.hearth.server.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/**
 * One HTTP request being answered: the Jetty request, response and completion callback, with the
 * JSON helpers the API needs. Used by the one virtual thread that handles the request.
 */
public final class Exchange {
  /** Largest management API request body read; function calls stream and have their own limit. */
  private static final int MAX_JSON_BODY = 1024 * 1024;
  /**
   * Most unread request body discarded before an answer so that the connection can serve the next
   * request; past it the answer says {@code Connection: close}.
   */
  private static final int MAX_DISCARDED_BODY = MAX_JSON_BODY;

  final Request request;
  final Response response;
  final Callback callback;
  private final ObjectMapper mapper;
  private final List<String> segments;
  private Map<String, String> query;

  Exchange(Request request, Response response, Callback callback, ObjectMapper mapper, List<String> segments) {
    this.request = request;
    this.response = response;
    this.callback = callback;
    this.mapper = mapper;
    this.segments = segments;
  }

  public Request request() {
    return request;
  }

  public Response response() {
    return response;
  }

  public Callback callback() {
    return callback;
  }

  public String method() {
    return request.getMethod();
  }

  /** The path's segment at {@code i} (0 is the first after the leading slash). */
  public String segment(int i) {
    return segments.get(i);
  }

  /** The path's segments, percent-decoded, without empty ones. */
  public List<String> segments() {
    return segments;
  }

  /** A query parameter's first value, or null; 400 when the query is not well-formed. */
  public String query(String name) {
    return queryParameters().get(name);
  }

  /**
   * The first value of each query parameter, decoded strictly (well-formed percent-encoding and
   * UTF-8, else 400).
   */
  public Map<String, String> queryParameters() {
    if (query == null) {
      query = QueryString.parse(request.getHttpURI().getQuery());
    }
    return query;
  }

  /** The request body as a JSON object; 400 "Invalid JSON" when it is not one. */
  public JsonNode readJson() {
    byte[] body;
    try (InputStream in = Content.Source.asInputStream(request)) {
      body = in.readNBytes(MAX_JSON_BODY + 1);
    } catch (IOException e) {
      throw ApiException.badRequest("Could not read the request body: " + e.getMessage());
    }
    if (body.length > MAX_JSON_BODY) {
      throw new ApiException(413, "Request body larger than " + MAX_JSON_BODY + " bytes");
    }
    InputText.requireUtf8(body);
    try {
      JsonNode node = mapper.readTree(body);
      if (node == null || !node.isObject()) {
        throw ApiException.badRequest("Invalid JSON");
      }
      return node;
    } catch (JacksonException e) {
      throw ApiException.badRequest("Invalid JSON");
    } catch (IOException e) {
      throw ApiException.badRequest("Invalid JSON");
    }
  }

  /** Answers with the body as JSON; an error's body ends with a newline, as Fn's do. */
  public void json(int status, Object body) {
    byte[] bytes;
    try {
      bytes = ErrorBodies.terminated(status, mapper.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize a response", e);
    }
    send(status, bytes);
  }

  public void error(int status, String message) {
    json(status, mapper.createObjectNode().put("message", message));
  }

  public void noContent() {
    finishRequestBody();
    response.setStatus(204);
    callback.succeeded();
  }

  private void send(int status, byte[] bytes) {
    finishRequestBody();
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  /**
   * Reads what is left of the request body before the answer is committed. An answer sent while
   * the body is still on its way (an error that needs no body, a 405, an unknown function) makes
   * Jetty close the connection once the answer is written, without {@code Connection: close}, and
   * a client reusing the connection then fails with no bytes in reply. Discarding a small rest
   * keeps the connection open; a large or broken one closes it, and the answer says so.
   */
  private void finishRequestBody() {
    if (response.isCommitted() || request.getHeaders().contains(HttpHeader.EXPECT)) {
      return; // a client waiting for 100 Continue sends no body; Jetty settles that case itself
    }
    long left = MAX_DISCARDED_BODY;
    while (true) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        try (Blocker.Runnable ready = Blocker.runnable()) {
          request.demand(ready);
          ready.block();
        } catch (IOException e) {
          break;
        }
        continue;
      }
      if (Content.Chunk.isFailure(chunk)) {
        break;
      }
      left -= chunk.remaining();
      chunk.release();
      if (chunk.isLast()) {
        return;
      }
      if (left < 0) {
        break;
      }
    }
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
  }
}
