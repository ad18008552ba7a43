package io.hearth.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.store.StoreException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 7: the database's own error text (a FATAL line naming the user, the database or
 * the host) never reaches a client; the 503 carries Hearth's message only.
 */
class StoreErrorTextTest {
  private static final String DRIVER_TEXT = "FATAL: password authentication failed for user \"hearth_prod\" at 10.1.2.3";
  private static Server jetty;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    Router router = new Router().on("GET", "/v2/apps", ex -> {
      throw new StoreException.Unavailable(DRIVER_TEXT, new java.sql.SQLException(DRIVER_TEXT));
    });
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    jetty.setHandler(new ApiHandler(router, new ObjectMapper()));
    jetty.start();
    port = connector.getLocalPort();
  }

  @AfterAll
  static void stop() throws Exception {
    jetty.stop();
  }

  @Test
  void anUnavailableDatastoreIsA503InHearthsWords() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/apps")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
    assertThat(r.body()).doesNotContain("FATAL").doesNotContain("hearth_prod").doesNotContain("10.1.2.3");
    assertThat(new ObjectMapper().readTree(r.body()).path("message").asText())
        .isEqualTo(ApiHandler.DATASTORE_UNAVAILABLE);
  }
}
