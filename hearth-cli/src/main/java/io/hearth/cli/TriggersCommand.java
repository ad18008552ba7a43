package io.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hearth triggers ...}: HTTP triggers, by app, function and trigger name. */
@Command(name = "triggers", description = "Create, list, show, change and delete HTTP triggers.",
    mixinStandardHelpOptions = true)
final class TriggersCommand {
  private final Context ctx;

  TriggersCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create an HTTP trigger: /t/APP/SOURCE calls the function.")
  int create(@Mixin ClientOptions o, @Parameters(paramLabel = "APP") String app,
      @Parameters(paramLabel = "FN") String fn, @Parameters(paramLabel = "TRIGGER") String name,
      @Option(names = "--source", required = true, paramLabel = "/PATH", description = "path under /t/APP")
      String source,
      @Option(names = "--type", defaultValue = "http", description = "trigger type (only http)") String type,
      @Option(names = "--annotation", paramLabel = "KEY=JSON") List<String> annotations) {
    ApiClient api = ctx.client(o);
    JsonNode f = new Lookup(api).requireFn(app, fn);
    ObjectNode body = ApiClient.JSON.createObjectNode();
    body.put("name", name);
    body.put("app_id", f.path("app_id").asText());
    body.put("fn_id", f.path("id").asText());
    body.put("type", type);
    body.put("source", source);
    if (annotations != null) {
      body.set("annotations", Fields.annotations(annotations));
    }
    JsonNode t = api.post("/v2/triggers", body);
    if (o.json) {
      ctx.printJson(t);
    } else {
      ctx.out().println("created trigger " + name + ": " + endpoint(t));
    }
    return 0;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List an app's triggers, or one function's.")
  int list(@Mixin ClientOptions o, @Parameters(paramLabel = "APP") String app,
      @Parameters(paramLabel = "FN", arity = "0..1") String fn) {
    ApiClient api = ctx.client(o);
    Lookup lookup = new Lookup(api);
    JsonNode a = lookup.requireApp(app);
    Map<String, String> params = new HashMap<>();
    params.put("app_id", a.path("id").asText());
    Map<String, String> fnNames = new HashMap<>();
    if (fn != null) {
      JsonNode f = lookup.requireFn(app, fn);
      params.put("fn_id", f.path("id").asText());
    }
    lookup.all("/v2/fns", Map.of("app_id", a.path("id").asText()))
        .forEach(f -> fnNames.put(f.path("id").asText(), f.path("name").asText()));
    ArrayNode triggers = lookup.all("/v2/triggers", params);
    if (o.json) {
      ctx.printJson(triggers);
      return 0;
    }
    Table t = new Table("NAME", "FN", "TYPE", "SOURCE", "ENDPOINT");
    triggers.forEach(tr -> t.row(tr.path("name").asText(),
        fnNames.getOrDefault(tr.path("fn_id").asText(), tr.path("fn_id").asText()),
        tr.path("type").asText(), tr.path("source").asText(), endpoint(tr)));
    t.print(ctx.out());
    return 0;
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a trigger.")
  int get(@Mixin ClientOptions o, @Parameters(paramLabel = "APP") String app,
      @Parameters(paramLabel = "FN") String fn, @Parameters(paramLabel = "TRIGGER") String name) {
    ctx.printJson(find(new Lookup(ctx.client(o)), app, fn, name));
    return 0;
  }

  @Command(name = "update", mixinStandardHelpOptions = true, description = "Change a trigger's source or annotations.")
  int update(@Mixin ClientOptions o, @Parameters(paramLabel = "APP") String app,
      @Parameters(paramLabel = "FN") String fn, @Parameters(paramLabel = "TRIGGER") String name,
      @Option(names = "--source", paramLabel = "/PATH") String source,
      @Option(names = "--annotation", paramLabel = "KEY=JSON", description = "set a key; KEY= removes it")
      List<String> annotations) {
    ApiClient api = ctx.client(o);
    JsonNode t = find(new Lookup(api), app, fn, name);
    ObjectNode body = ApiClient.JSON.createObjectNode();
    AppsCommand.put(body, "source", source);
    if (annotations != null) {
      body.set("annotations", Fields.annotations(annotations));
    }
    JsonNode updated = api.put("/v2/triggers/" + ApiClient.segment(t.path("id").asText()), body);
    if (o.json) {
      ctx.printJson(updated);
    } else {
      ctx.out().println("updated trigger " + name + ": " + endpoint(updated));
    }
    return 0;
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a trigger.")
  int delete(@Mixin ClientOptions o, @Parameters(paramLabel = "APP") String app,
      @Parameters(paramLabel = "FN") String fn, @Parameters(paramLabel = "TRIGGER") String name) {
    ApiClient api = ctx.client(o);
    JsonNode t = find(new Lookup(api), app, fn, name);
    api.delete("/v2/triggers/" + ApiClient.segment(t.path("id").asText()));
    if (!o.json) {
      ctx.out().println("deleted trigger " + name);
    }
    return 0;
  }

  private static JsonNode find(Lookup lookup, String app, String fn, String name) {
    JsonNode f = lookup.requireFn(app, fn);
    return lookup.trigger(f.path("app_id").asText(), f.path("id").asText(), name)
        .orElseThrow(() -> CliFailure.server("trigger '" + name + "' not found for " + app + "/" + fn));
  }

  static String endpoint(JsonNode trigger) {
    return trigger.path("annotations").path("fnproject.io/trigger/httpEndpoint").asText("");
  }
}
