package io.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hearth apps ...}: apps by name. */
@Command(name = "apps", description = "Create, list, show, change and delete apps.",
    mixinStandardHelpOptions = true)
final class AppsCommand {
  private final Context ctx;

  AppsCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an app.")
  int create(@Mixin ClientOptions o,
      @Parameters(paramLabel = "APP") String name,
      @Option(names = "--config", paramLabel = "KEY=VALUE", description = "config for all its functions")
      List<String> config,
      @Option(names = "--annotation", paramLabel = "KEY=JSON") List<String> annotations,
      @Option(names = "--syslog-url", paramLabel = "URL") String syslogUrl,
      @Option(names = "--shape", paramLabel = "SHAPE") String shape) {
    ObjectNode body = Fields.object(Map.of("name", name));
    body.set("config", Fields.config(orEmpty(config)));
    body.set("annotations", Fields.annotations(orEmpty(annotations)));
    put(body, "syslog_url", syslogUrl);
    put(body, "shape", shape);
    JsonNode app = ctx.client(o).post("/v2/apps", body);
    return done(o, app, "created app " + name + " (" + app.path("id").asText() + ")");
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List apps.")
  int list(@Mixin ClientOptions o) {
    ArrayNode apps = new Lookup(ctx.client(o)).all("/v2/apps", Map.of());
    if (o.json) {
      ctx.printJson(apps);
      return 0;
    }
    Table t = new Table("NAME", "ID", "CREATED");
    apps.forEach(a -> t.row(a.path("name").asText(), a.path("id").asText(), a.path("created_at").asText()));
    t.print(ctx.out());
    return 0;
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show an app.")
  int get(@Mixin ClientOptions o, @Parameters(paramLabel = "APP") String name) {
    ctx.printJson(new Lookup(ctx.client(o)).requireApp(name));
    return 0;
  }

  @Command(name = "update", mixinStandardHelpOptions = true,
      description = "Change an app's config, annotations, syslog URL or shape.")
  int update(@Mixin ClientOptions o,
      @Parameters(paramLabel = "APP") String name,
      @Option(names = "--config", paramLabel = "KEY=VALUE", description = "set a key; KEY= removes it")
      List<String> config,
      @Option(names = "--annotation", paramLabel = "KEY=JSON", description = "set a key; KEY= removes it")
      List<String> annotations,
      @Option(names = "--syslog-url", paramLabel = "URL") String syslogUrl,
      @Option(names = "--shape", paramLabel = "SHAPE") String shape) {
    ApiClient api = ctx.client(o);
    JsonNode app = new Lookup(api).requireApp(name);
    ObjectNode body = ApiClient.JSON.createObjectNode();
    if (config != null) {
      body.set("config", Fields.config(config));
    }
    if (annotations != null) {
      body.set("annotations", Fields.annotations(annotations));
    }
    put(body, "syslog_url", syslogUrl);
    put(body, "shape", shape);
    JsonNode updated = api.put("/v2/apps/" + ApiClient.segment(app.path("id").asText()), body);
    return done(o, updated, "updated app " + name);
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Delete an app with its functions and triggers.")
  int delete(@Mixin ClientOptions o, @Parameters(paramLabel = "APP") String name) {
    ApiClient api = ctx.client(o);
    JsonNode app = new Lookup(api).requireApp(name);
    api.delete("/v2/apps/" + ApiClient.segment(app.path("id").asText()));
    if (!o.json) {
      ctx.out().println("deleted app " + name);
    }
    return 0;
  }

  private int done(ClientOptions o, JsonNode result, String message) {
    if (o.json) {
      ctx.printJson(result);
    } else {
      ctx.out().println(message);
    }
    return 0;
  }

  static void put(ObjectNode body, String field, String value) {
    if (value != null) {
      body.put(field, value);
    }
  }

  static List<String> orEmpty(List<String> list) {
    return list == null ? new ArrayList<>() : list;
  }
}
