package io.hearth.cli;

import java.net.http.HttpResponse;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code hearth node status}: what the node runs and holds now. */
@Command(name = "node", description = "The node's state.", mixinStandardHelpOptions = true)
final class NodeCommand {
  private final Context ctx;

  NodeCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Containers, resources and counters of the node (GET /v2/node).")
  int status(@Mixin ClientOptions o) {
    ApiClient api = ctx.client(o);
    HttpResponse<byte[]> r = api.exchange("GET", "/v2/node", null, null);
    if (r.statusCode() == 404) {
      throw CliFailure.server("this server does not report node status (GET /v2/node answered 404); "
          + "it runs an older Hearth");
    }
    if (r.statusCode() >= 400) {
      throw ApiClient.failure(r);
    }
    try {
      ctx.printJson(ApiClient.JSON.readTree(r.body()));
    } catch (IOException e) {
      throw CliFailure.server("the node status is not JSON: " + e.getMessage());
    }
    return 0;
  }
}
