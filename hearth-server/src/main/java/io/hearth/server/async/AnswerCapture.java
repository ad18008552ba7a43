package io.hearth.server.async;

import io.hearth.core.call.Headers;
import io.hearth.core.call.ResponseSink;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;

/**
 * Where an async call's answer goes: kept in memory up to a limit (the rest is read and dropped,
 * so the function is never held up), to be stored with the call. One call's; not shared.
 */
final class AnswerCapture implements ResponseSink {
  private final int limit;
  private final io.hearth.server.api.AnswerMapping mapping;
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private int status = -1;
  private Headers headers = new Headers();
  private boolean cut;

  /** @param mapping applied to the function's status and headers before they are kept (a trigger's) */
  AnswerCapture(int limit, io.hearth.server.api.AnswerMapping mapping) {
    this.limit = limit;
    this.mapping = mapping;
  }

  AnswerCapture(int limit) {
    this(limit, io.hearth.server.api.AnswerMapping.AS_IS);
  }

  @Override
  public OutputStream commit(int status, Headers headers, long contentLength) {
    this.status = status;
    this.headers = headers;
    return new OutputStream() {
      @Override
      public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        int room = limit - body.size();
        if (len > room) {
          cut = true;
        }
        body.write(b, off, Math.max(0, Math.min(room, len)));
      }
    };
  }

  /** The answer as kept, or null when the function never answered. */
  NextStep.Answer answer() {
    if (status < 0) {
      return null;
    }
    io.hearth.server.api.AnswerMapping.Answer mapped = mapping.map(status, headers);
    Headers kept = new Headers();
    mapped.headers().forEach(kept::add);
    if (cut) {
      kept.set("Hearth-Result-Truncated", "true"); // the body is the first HEARTH_ASYNC_MAX_RESULT_BODY bytes
    }
    return new NextStep.Answer(mapped.status(), HeaderJson.write(kept), body.toByteArray());
  }
}
