package io.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hearth fns ...}: an app's functions, by app and function name. */
@Command(name = "fns", description = "Create, list, show, change and delete functions.",
    mixinStandardHelpOptions = true)
final class FnsCommand {
  private final Context ctx;

  FnsCommand(Context ctx) {
    this.ctx = ctx;
  }

  /** The settings a function may be created or changed with. */
  static final class Settings {
    @Option(names = "--image", paramLabel = "IMAGE", description = "container image, e.g. my/upper:1")
    String image;
    @Option(names = "--memory", paramLabel = "MB", description = "memory limit in MB (default 128)")
    Integer memory;
    @Option(names = "--timeout", paramLabel = "SECONDS", description = "longest a call may run (default 30)")
    Integer timeout;
    @Option(names = "--idle-timeout", paramLabel = "SECONDS",
        description = "how long an idle container is kept (default 30)")
    Integer idleTimeout;
    @Option(names = "--config", paramLabel = "KEY=VALUE", description = "set a key; KEY= removes it on update")
    List<String> config;
    @Option(names = "--annotation", paramLabel = "KEY=JSON", description = "set a key; KEY= removes it on update")
    List<String> annotations;

    ObjectNode body() {
      ObjectNode n = ApiClient.JSON.createObjectNode();
      AppsCommand.put(n, "image", image);
      if (memory != null) {
        n.put("memory", memory);
      }
      if (timeout != null) {
        n.put("timeout", timeout);
      }
      if (idleTimeout != null) {
        n.put("idle_timeout", idleTimeout);
      }
      if (config != null) {
        n.set("config", Fields.config(config));
      }
      if (annotations != null) {
        n.set("annotations", Fields.annotations(annotations));
      }
      return n;
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a function in an app.")
  int create(@Mixin ClientOptions o, @Parameters(paramLabel = "APP") String app,
      @Parameters(paramLabel = "FN") String name, @Mixin Settings settings) {
    if (settings.image == null) {
      throw CliFailure.usage("a function needs an image: --image NAME:TAG");
    }
    ApiClient api = ctx.client(o);
    JsonNode a = new Lookup(api).requireApp(app);
    ObjectNode body = settings.body();
    body.put("app_id", a.path("id").asText());
    body.put("name", name);
    JsonNode fn = api.post("/v2/fns", body);
    if (o.json) {
      ctx.printJson(fn);
    } else {
      ctx.out().println("created function " + app + "/" + name + " (" + fn.path("id").asText() + ")");
      ctx.out().println("invoke it: hearth invoke " + app + " " + name + "   or POST "
          + fn.path("annotations").path("fnproject.io/fn/invokeEndpoint").asText());
    }
    return 0;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List an app's functions.")
  int list(@Mixin ClientOptions o, @Parameters(paramLabel = "APP") String app) {
    ApiClient api = ctx.client(o);
    Lookup lookup = new Lookup(api);
    JsonNode a = lookup.requireApp(app);
    ArrayNode fns = lookup.all("/v2/fns", Map.of("app_id", a.path("id").asText()));
    if (o.json) {
      ctx.printJson(fns);
      return 0;
    }
    Table t = new Table("NAME", "IMAGE", "MEMORY", "TIMEOUT", "IDLE", "ID");
    fns.forEach(f -> t.row(f.path("name").asText(), f.path("image").asText(), f.path("memory").asText(),
        f.path("timeout").asText(), f.path("idle_timeout").asText(), f.path("id").asText()));
    t.print(ctx.out());
    return 0;
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a function.")
  int get(@Mixin ClientOptions o, @Parameters(paramLabel = "APP") String app,
      @Parameters(paramLabel = "FN") String name) {
    ctx.printJson(new Lookup(ctx.client(o)).requireFn(app, name));
    return 0;
  }

  @Command(name = "update", mixinStandardHelpOptions = true,
      description = "Change a function's image, limits, config or annotations.")
  int update(@Mixin ClientOptions o, @Parameters(paramLabel = "APP") String app,
      @Parameters(paramLabel = "FN") String name, @Mixin Settings settings) {
    ApiClient api = ctx.client(o);
    JsonNode fn = new Lookup(api).requireFn(app, name);
    JsonNode updated = api.put("/v2/fns/" + ApiClient.segment(fn.path("id").asText()), settings.body());
    if (o.json) {
      ctx.printJson(updated);
    } else {
      ctx.out().println("updated function " + app + "/" + name);
    }
    return 0;
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a function and its triggers.")
  int delete(@Mixin ClientOptions o, @Parameters(paramLabel = "APP") String app,
      @Parameters(paramLabel = "FN") String name) {
    ApiClient api = ctx.client(o);
    JsonNode fn = new Lookup(api).requireFn(app, name);
    api.delete("/v2/fns/" + ApiClient.segment(fn.path("id").asText()));
    if (!o.json) {
      ctx.out().println("deleted function " + app + "/" + name);
    }
    return 0;
  }
}
