package io.hearth.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * What a CLI command may use of the world: the environment it was started with and its standard
 * streams. Tests pass their own, so commands run in-process.
 */
record Context(Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {

  /** A client for the server the options (or HEARTH_URL) name, with HEARTH_API_TOKEN if set. */
  ApiClient client(ClientOptions options) {
    String url = options.url;
    if (url == null || url.isBlank()) {
      url = env.getOrDefault("HEARTH_URL", "");
    }
    if (url.isBlank()) {
      url = ClientOptions.DEFAULT_URL;
    }
    return new ApiClient(url, env.get("HEARTH_API_TOKEN"));
  }

  void printJson(JsonNode node) {
    try {
      out.println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }
}
