package io.hearth.cli;

import io.hearth.client.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code hearth allocs files ALLOC PATH}: a file of an alloc's /alloc directory, as raw bytes. */
@Command(name = "files", mixinStandardHelpOptions = true,
    description = "Write a file of the alloc's shared directory /alloc to standard output, byte for byte "
        + "(GET /v2/allocs/ID/files/PATH); PATH is relative to /alloc. Redirect it: > out.bin")
final class AllocsFilesCommand implements Callable<Integer> {
  private final Context ctx;

  @Mixin ClientOptions options;
  @Parameters(index = "0", paramLabel = "ALLOC_ID") String alloc;
  @Parameters(index = "1", paramLabel = "PATH", description = "e.g. greeting or out/result.csv") String path;

  AllocsFilesCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    String p = path.startsWith("/alloc/") ? path.substring("/alloc/".length()) : path;
    try (InputStream in = ctx.allocs(options).file(alloc, p)) {
      in.transferTo(ctx.out());
    } catch (ApiException e) {
      throw Context.failure(e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + path + " of alloc " + alloc, e);
    }
    ctx.out().flush();
    return 0;
  }
}
