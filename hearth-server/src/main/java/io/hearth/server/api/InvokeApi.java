package io.hearth.server.api;

import io.hearth.core.call.CallRequest;
import io.hearth.core.call.CallResult;
import io.hearth.core.call.Headers;
import io.hearth.core.call.ResponseSink;
import io.hearth.core.id.Ids;
import io.hearth.server.calls.CallRecorder;
import io.hearth.server.http.ApiException;
import io.hearth.server.http.Exchange;
import io.hearth.server.http.HangupWatch;
import io.hearth.server.http.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.BufferUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /invoke/{fn_id}}: runs a call and streams the function's answer back. */
public final class InvokeApi {
  private static final Logger log = LoggerFactory.getLogger(InvokeApi.class);
  /** Fn's header asking for a detached call: the client is answered 202 once the call has started. */
  static final String INVOKE_TYPE = "Fn-Invoke-Type";

  private final FnCache cache;
  private final Invoker invoker;
  private final Ids ids;
  private final CallRecorder recorder;
  private final Detaching detaching;
  private final HangupWatch hangups;
  /** Takes async calls; null on a node that does not (they are refused with 400). */
  private final AsyncIntake async;

  /** Starts a detached call and returns, as {@link Agent#start} does. */
  @FunctionalInterface
  public interface Detacher {
    Optional<CallResult.Failed> start(CallRequest request, Consumer<CallResult> onEnd);
  }

  /** Who runs a detached call ({@code Fn-Invoke-Type: detached}) up to its 202. */
  public sealed interface Detaching {
    /**
     * The invoker, like any other call: it answers 202 itself once the call has started (the lb's
     * placement does, at the runner's commit).
     */
    record ByInvoker() implements Detaching {}

    /** This API: it starts the call with the detacher and answers 202 once the call has started. */
    record ByDetacher(Detacher detacher) implements Detaching {
      public ByDetacher {
        Objects.requireNonNull(detacher, "detacher");
      }
    }
  }

  /**
   * @param invoker  runs each call: the local agent, or an lb's placement on runners
   * @param detaching who starts detached calls: this API with a detacher, or the invoker itself
   * @param recorder told about every call as soon as it has run (records, metrics)
   * @param hangups  the node's watch for clients that hang up while their call runs
   */
  public InvokeApi(FnCache cache, Invoker invoker, Detaching detaching, Ids ids, CallRecorder recorder,
      HangupWatch hangups) {
    this(cache, invoker, detaching, ids, recorder, hangups, null);
  }

  /** As above, with async calls ({@code Fn-Invoke-Type: async}) handed to {@code async}. */
  public InvokeApi(FnCache cache, Invoker invoker, Detaching detaching, Ids ids, CallRecorder recorder,
      HangupWatch hangups, AsyncIntake async) {
    this.async = async;
    this.hangups = hangups;
    this.cache = cache;
    this.invoker = invoker;
    this.detaching = Objects.requireNonNull(detaching, "detaching");
    this.ids = ids;
    this.recorder = recorder;
  }

  public void register(Router router) {
    router.on("POST", "/invoke/{fn_id}", this::invoke);
  }

  private void invoke(Exchange ex) throws IOException {
    FnCache.Entry entry = cache.get(ex.segment(1)).orElseThrow(() -> ApiException.notFound("Fn not found"));
    runCall(ex, entry, clientHeaders(ex.request()), AnswerMapping.AS_IS);
  }

  static Headers clientHeaders(Request request) {
    Headers headers = new Headers();
    for (HttpField f : request.getHeaders()) {
      headers.add(f.getName(), f.getValue());
    }
    return headers;
  }

  /**
   * Runs one call of the entry's function with these request headers and answers the client; the
   * only way calls run, for {@code /invoke} and {@code /t/} alike.
   */
  void runCall(Exchange ex, FnCache.Entry entry, Headers headers, AnswerMapping mapping) throws IOException {
    String callId = ids.next();
    Request request = ex.request();
    Response response = ex.response();
    response.getHeaders().put("Fn-Call-Id", callId);
    // the client's own header: a trigger's mapping has prefixed it in the function's headers
    if ("async".equalsIgnoreCase(request.getHeaders().get(INVOKE_TYPE))) {
      if (async == null) {
        throw ApiException.badRequest("Fn-Invoke-Type: async is not served by this node; send async calls to an"
            + " all-in-one node");
      }
      async.accept(ex, entry, headers, callId, mapping != AnswerMapping.AS_IS);
      return;
    }
    if (detaching instanceof Detaching.ByDetacher(Detacher detacher)
        && "detached".equalsIgnoreCase(headers.first(INVOKE_TYPE))) {
      runDetached(ex, entry, headers, callId, detacher);
      return;
    }
    CallResult result;
    CompletableFuture<Void> gone = new CompletableFuture<>();
    request.addFailureListener(failure -> gone.complete(null));
    IdleTimeoutHold idle = IdleTimeoutHold.hold(request);
    ClientSink sink = new ClientSink(request, response, mapping, idle);
    try (idle;
        InputStream body = Content.Source.asInputStream(request);
        HangupWatch.Handle watch = hangups.watch(request.getConnectionMetaData().getLocalSocketAddress(),
            request.getConnectionMetaData().getRemoteSocketAddress(), gone)) {
      result = invoker.call(new CallRequest(callId, entry.app(), entry.fn(), headers, body, request.getLength(), gone),
          sink);
    }
    recorder.record(callId, entry.app().id(), entry.fn().id(), result);
    switch (result) {
      case CallResult.Completed done -> {
        sink.close();
        ex.callback().succeeded();
      }
      case CallResult.Failed failed when failed.committed() -> {
        log.info("call {} of fn {} cut short after its response started: {}", callId, entry.fn().id(),
            failed.message());
        ex.callback().failed(new IOException(failed.message()));
      }
      case CallResult.Failed failed -> refuse(ex, failed);
    }
  }

  /** Answers a call that failed before its response started: Fn's status and message, as JSON. */
  private static void refuse(Exchange ex, CallResult.Failed failed) {
    if (failed.status() == 503) {
      ex.response().getHeaders().put(HttpHeader.RETRY_AFTER, "1");
    }
    ex.error(failed.status() == 499 ? 400 : failed.status(), failed.message());
  }

  /** The client's side of a call's answer, with the trigger's mapping applied. */
  private static final class ClientSink implements ResponseSink {
    private final Request request;
    private final Response response;
    private final AnswerMapping mapping;
    private final IdleTimeoutHold idle;
    private OutputStream out;

    ClientSink(Request request, Response response, AnswerMapping mapping, IdleTimeoutHold idle) {
      this.request = request;
      this.response = response;
      this.mapping = mapping;
      this.idle = idle;
    }

    /** Sets the status and headers; whether the answer has a body. */
    private boolean head(int status, Headers h, long length) {
      idle.close(); // the answer is written from here on: a client that stops reading is cut as usual
      AnswerMapping.Answer answer = mapping.map(status, h);
      response.setStatus(answer.status());
      answer.headers().forEach((n, v) -> {
        if (!n.equalsIgnoreCase("Fn-Call-Id")) { // already set
          response.getHeaders().add(n, v);
        }
      });
      if (bodyless(request, answer.status())) {
        return false; // a trigger's 204 or 304, or a HEAD request
      }
      if (length >= 0) {
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
      }
      return true;
    }

    @Override
    public OutputStream commit(int status, Headers h, long length) {
      out = head(status, h, length) ? Content.Sink.asOutputStream(response) : OutputStream.nullOutputStream();
      return out;
    }

    @Override
    public void complete(int status, Headers h, byte[] body) throws IOException {
      boolean withBody = head(status, h, body.length);
      try (Blocker.Callback written = Blocker.callback()) {
        response.write(true, withBody ? ByteBuffer.wrap(body) : BufferUtil.EMPTY_BUFFER, written);
        written.block();
      }
    }

    /** Ends a streamed answer (a whole one has ended already). */
    void close() throws IOException {
      if (out != null) {
        out.close();
      }
    }
  }

  /** A detached call: 202 once it has a container; it runs on, and its record tells how it ended. */
  private void runDetached(Exchange ex, FnCache.Entry entry, Headers headers, String callId, Detacher detacher)
      throws IOException {
    Request request = ex.request();
    Optional<CallResult.Failed> refused;
    try (InputStream body = Content.Source.asInputStream(request)) {
      refused = detacher.start(new CallRequest(callId, entry.app(), entry.fn(), headers, body, request.getLength()),
          result -> recorder.record(callId, entry.app().id(), entry.fn().id(), result));
    }
    if (refused.isPresent()) {
      CallResult.Failed failed = refused.get();
      recorder.record(callId, entry.app().id(), entry.fn().id(), failed);
      refuse(ex, failed);
      return;
    }
    ex.response().setStatus(202);
    ex.response().getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
    ex.callback().succeeded();
  }

  private static boolean bodyless(Request request, int status) {
    return status == 204 || status == 304 || request.getMethod().equals("HEAD");
  }
}
