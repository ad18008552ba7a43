package io.hearth.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.client.AllocsClient;
import io.hearth.client.ApiException;
import io.hearth.core.time.Clock;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.util.Map;

/**
 * What a CLI command may use of the world: the environment it was started with, its standard
 * streams, the clock, and how it learns to stop. Tests pass their own, so commands run in-process.
 */
record Context(Map<String, String> env, InputStream in, PrintStream out, PrintStream err, Clock clock,
    Interrupts interrupts) {

  /** The machine's clock and Ctrl-C. */
  Context(Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
    this(env, in, out, err, Clock.system(), Interrupts.JVM);
  }

  /** A client for the server the options (or HEARTH_URL, else FN_API_URL) name, with HEARTH_API_TOKEN if set. */
  ApiClient client(ClientOptions options) {
    return new ApiClient(url(options), env.get("HEARTH_API_TOKEN"));
  }

  /** The typed leases client for the same server (its base URL checked by {@link #client} first). */
  AllocsClient allocs(ClientOptions options) {
    ApiClient checked = client(options);
    return AllocsClient.create(URI.create(checked.base()), env.get("HEARTH_API_TOKEN"));
  }

  String url(ClientOptions options) {
    String url = options.url;
    if (url == null || url.isBlank()) {
      url = env.getOrDefault("HEARTH_URL", "");
    }
    if (url.isBlank()) {
      url = env.getOrDefault("FN_API_URL", ""); // Fn's CLI's name for the same, so Fn users' shells work as they are
    }
    if (url.isBlank()) {
      url = ClientOptions.DEFAULT_URL;
    }
    return url;
  }

  /** The CLI's failure for a typed client's: its exit code (3 no answer, 4 refused token, else 1). */
  static CliFailure failure(ApiException e) {
    if (e.noAnswer()) {
      return new CliFailure(e.getMessage().startsWith("cannot reach") ? CliFailure.UNREACHABLE : CliFailure.SERVER_ERROR,
          e.getMessage() + (e.getMessage().startsWith("cannot reach") ? " (./hearth server)" : ""));
    }
    if (e.status() == 401 || e.status() == 403) {
      return new CliFailure(CliFailure.UNAUTHORIZED, e.getMessage() + " (set HEARTH_API_TOKEN to the server's token)");
    }
    return CliFailure.server(e.getMessage());
  }

  void printJson(JsonNode node) {
    try {
      out.println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }
}
