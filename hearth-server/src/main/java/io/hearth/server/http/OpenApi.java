package io.hearth.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;

/**
 * {@code GET /v2/openapi.json}: the OpenAPI 3 document of Hearth's whole HTTP API, a static
 * resource of this jar ({@code openapi.json} beside this class). {@code OpenApiDocumentTest} keeps
 * it true: every path a node routes is in it and every path in it is routed — a new route fails
 * the build until the document has it. Open without the API token. Stateless after loading.
 */
public final class OpenApi {
  public static final String PATH = "/v2/openapi.json";
  private static final String RESOURCE = "openapi.json";

  private OpenApi() {}

  /** The document's bytes. */
  public static byte[] document() {
    try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the jar beside " + OpenApi.class.getName());
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  public static void register(Router router) {
    byte[] body = document();
    router.on("GET", PATH, ex -> {
      ex.response().setStatus(200);
      ex.response().getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      ex.response().getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
      ex.response().write(true, ByteBuffer.wrap(body), ex.callback());
    });
  }
}
