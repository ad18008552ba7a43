package io.hearth.cli;

import io.hearth.client.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hearth allocs log ALLOC EXEC [--follow]}: an exec's stdout and stderr. */
@Command(name = "log", mixinStandardHelpOptions = true,
    description = "Print an exec's stdout and stderr as the node kept them (bounded); with --follow, go on "
        + "printing until the exec ends (GET /v2/allocs/ID/execs/EXEC_ID/log).")
final class AllocsLogCommand implements Callable<Integer> {
  private final Context ctx;

  @Mixin ClientOptions options;
  @Parameters(index = "0", paramLabel = "ALLOC_ID") String alloc;
  @Parameters(index = "1", paramLabel = "EXEC_ID") String exec;
  @Option(names = {"-f", "--follow"}, description = "stream it until the exec ends") boolean follow;

  AllocsLogCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    try (InputStream in = ctx.allocs(options).log(alloc, exec, follow)) {
      in.transferTo(ctx.out());
    } catch (ApiException e) {
      throw Context.failure(e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the log of exec " + exec, e);
    }
    ctx.out().flush();
    return 0;
  }
}
