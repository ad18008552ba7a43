package io.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hearth invoke APP FN}: calls a function and prints its answer as it is. */
@Command(name = "invoke", mixinStandardHelpOptions = true,
    description = "Call a function; the request body is --data, else standard input. The answer is "
        + "printed as it is; an error answer exits 1 with its message. With --detached the call runs on "
        + "without the client, and its id is printed once it has started (see 'hearth calls get'). With "
        + "--async the call is queued durably and its id printed once it is committed; 'hearth calls get' shows "
        + "its state and 'hearth calls result' its stored answer.")
final class InvokeCommand implements java.util.concurrent.Callable<Integer> {
  private final Context ctx;

  @Mixin ClientOptions options;
  @Parameters(index = "0", paramLabel = "APP") String app;
  @Parameters(index = "1", paramLabel = "FN") String fn;
  @Option(names = {"-d", "--data"}, paramLabel = "TEXT", description = "the request body (else standard input)")
  String data;
  @Option(names = "--content-type", paramLabel = "TYPE", defaultValue = "text/plain")
  String contentType;
  @Option(names = "--show-call-id", description = "print the call's id on standard error (for 'hearth calls')")
  boolean showCallId;
  @Option(names = "--detached", description = "Fn's detached call: return once it has started, printing its call id")
  boolean detached;
  @Option(names = "--async", description = "an async call: queued durably, run (and retried) by the node; prints"
      + " its call id once committed")
  boolean async;

  InvokeCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    ApiClient api = ctx.client(options);
    JsonNode f = new Lookup(api).requireFn(app, fn);
    byte[] body;
    try {
      body = data != null ? data.getBytes(StandardCharsets.UTF_8) : ctx.in().readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading standard input", e);
    }
    if (async && detached) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
          "choose one of --async and --detached");
    }
    java.util.Map<String, String> type = async ? java.util.Map.of("Fn-Invoke-Type", "async")
        : detached ? java.util.Map.of("Fn-Invoke-Type", "detached") : java.util.Map.of();
    HttpResponse<byte[]> r = api.exchange("POST", "/invoke/" + ApiClient.segment(f.path("id").asText()), body,
        contentType, type);
    if ((detached || async) && r.statusCode() == 202) {
      ctx.out().println(r.headers().firstValue("Fn-Call-Id").orElse(""));
      ctx.out().flush();
      return 0;
    }
    if (showCallId) {
      r.headers().firstValue("Fn-Call-Id").ifPresent(id -> ctx.err().println("call id: " + id));
    }
    if (r.statusCode() >= 400) {
      throw ApiClient.failure(r);
    }
    ctx.out().write(r.body(), 0, r.body().length);
    ctx.out().flush();
    return 0;
  }
}
