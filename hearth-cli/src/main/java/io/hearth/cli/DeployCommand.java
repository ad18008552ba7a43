package io.hearth.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hearth deploy -f hearth.yaml}: creates or updates an app, its functions and triggers. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
    description = "Create or update an app, its functions and their triggers from a deploy file "
        + "(hearth.yaml, or hearth.json; see the README), or from Fn's func.yaml (with --app, or an app.yaml "
        + "beside it or above it) or app.yaml (with the func.yaml of each directory below it). Running it again "
        + "changes nothing.")
final class DeployCommand implements Callable<Integer> {
  private final Context ctx;

  @Mixin ClientOptions options;
  @Option(names = {"-f", "--file"}, paramLabel = "FILE",
      description = "the deploy file (default: hearth.yaml, else hearth.json, else func.yaml, in this directory)")
  Path file;
  @Option(names = "--app", paramLabel = "APP", description = "with a func.yaml: the app to deploy it to")
  String app;

  DeployCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    Path path = file;
    if (path == null) {
      path = Path.of("hearth.yaml");
      if (!Files.exists(path) && Files.exists(Path.of("hearth.json"))) {
        path = Path.of("hearth.json");
      } else if (!Files.exists(path) && Files.exists(Path.of("func.yaml"))) {
        path = Path.of("func.yaml");
      }
    }
    DeployFile deploy = FnFiles.isFuncFile(path) ? FnFiles.func(path, app)
        : FnFiles.isAppFile(path) ? FnFiles.app(path) : DeployFile.read(path);
    if (app != null && !FnFiles.isFuncFile(path)) {
      throw CliFailure.usage("--app goes with a func.yaml; " + path + " names its app itself");
    }
    List<Deployer.Step> steps = new Deployer(ctx.client(options)).deploy(deploy);
    if (options.json) {
      ArrayNode out = ApiClient.JSON.createArrayNode();
      steps.forEach(s -> out.addObject().put("kind", s.kind()).put("name", s.name()).put("id", s.id())
          .put("action", s.action()));
      ctx.printJson(out);
    } else {
      Table t = new Table("KIND", "NAME", "ACTION", "ID");
      steps.forEach(s -> t.row(s.kind(), s.name(), s.action(), s.id()));
      t.print(ctx.out());
    }
    return 0;
  }
}
