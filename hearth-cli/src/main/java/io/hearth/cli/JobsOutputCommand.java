package io.hearth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hearth jobs output ID [-o FILE]}: the tar of what a job's attempt left under /out. */
@Command(name = "output", mixinStandardHelpOptions = true,
    description = {"Write the tar of what a job's attempt left under /out (GET /v2/jobs/ID/output), to FILE or "
        + "standard output: hearth jobs output ID | tar -x",
        "It is kept when the attempt ends; a job still running has none yet."})
final class JobsOutputCommand implements Callable<Integer> {
  private final Context ctx;

  @Mixin ClientOptions options;
  @Parameters(index = "0", paramLabel = "JOB_ID") String id;
  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write it here instead") Path file;
  @Option(names = "--attempt", paramLabel = "N", description = "an earlier attempt (from 1)") Integer attempt;

  JobsOutputCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    if (attempt != null && attempt < 1) {
      throw CliFailure.usage("--attempt counts from 1, not " + attempt);
    }
    Map<String, String> q = new LinkedHashMap<>();
    q.put("attempt", attempt == null ? null : attempt.toString());
    String path = "/v2/jobs/" + ApiClient.segment(id) + "/output" + ApiClient.query(q);
    try (InputStream in = ctx.client(options).stream(path)) {
      if (file == null) {
        in.transferTo(ctx.out());
        ctx.out().flush();
        return 0;
      }
      Path part = file.resolveSibling(file.getFileName() + ".part");
      long n = Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
      Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
      ctx.err().println("wrote " + n + " bytes of job " + id + "'s output to " + file);
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException("writing the output of job " + id + (file == null ? "" : " to " + file), e);
    }
  }
}
