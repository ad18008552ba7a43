package io.hearth.lb;

import io.hearth.runner.LocalAgent;
import io.hearth.core.call.CallError;
import io.hearth.core.call.CallOutput;
import io.hearth.core.call.CallRequest;
import io.hearth.core.call.CallResult;
import io.hearth.agent.NodeStatus;
import io.hearth.core.call.ResponseSink;
import io.hearth.core.call.Headers;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A node agent without containers, for the runner protocol's tests. What it does with a call is
 * chosen by the call's first request header {@code X-Do}: {@code echo} (the default: reads the body,
 * answers it), {@code busy} or {@code big} (refuses without reading), {@code hold} (reads the body,
 * then waits for {@link #release} before answering), {@code fail} (reads the body, then fails 502
 * before answering), {@code wait} (waits for {@link #release} before reading the body: a call
 * queued for a container).
 */
final class FakeAgent implements LocalAgent {
  final AtomicInteger calls = new AtomicInteger();
  final Map<String, Integer> byFn = new ConcurrentHashMap<>();
  volatile CountDownLatch gate = new CountDownLatch(1);
  /** When set, what every call does, whatever its header says. */
  volatile String mode;
  final CountDownLatch holding = new CountDownLatch(1);

  void release() {
    gate.countDown();
  }

  @Override
  public CallResult call(CallRequest request, ResponseSink sink) {
    String what = mode != null ? mode : request.headers().first("X-Do");
    what = what == null ? "echo" : what;
    CallResult.Timings t = new CallResult.Timings(1000, 0, 2000);
    switch (what) {
      case "busy" -> {
        return new CallResult.Failed(CallError.TOO_BUSY, CallError.TOO_BUSY.message(), false, t, CallOutput.NONE);
      }
      case "big" -> {
        return new CallResult.Failed(CallError.TOO_BIG, CallError.TOO_BIG.message(), false, t, CallOutput.NONE);
      }
      case "wait" -> await();
      default -> { }
    }
    calls.incrementAndGet();
    byFn.merge(request.fn().id(), 1, Integer::sum);
    byte[] in;
    try {
      in = request.body().readAllBytes();
    } catch (IOException e) {
      return new CallResult.Failed(CallError.CLIENT_GONE, CallError.CLIENT_GONE.message(), false, t, CallOutput.NONE);
    }
    if (what.equals("hold")) {
      holding.countDown();
      await();
    }
    if (what.equals("fail")) {
      return new CallResult.Failed(CallError.FUNCTION_FAILED, CallError.FUNCTION_FAILED.message(), false, t,
          CallOutput.NONE);
    }
    try {
      Headers h = new Headers().add("Content-Type", "text/plain").add("Fn-Call-Id", request.callId());
      OutputStream out = sink.commit(200, h, in.length);
      out.write(in);
      out.flush();
    } catch (IOException e) {
      return new CallResult.Failed(CallError.CLIENT_GONE, CallError.CLIENT_GONE.message(), true, t, CallOutput.NONE);
    }
    return new CallResult.Completed(200, t, CallOutput.NONE);
  }

  private void await() {
    try {
      gate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public NodeStatus status() {
    return new NodeStatus(1L << 30, 0, 2000, 0, Map.of(), Map.copyOf(byFn), 0, 0, calls.get(), 0, 0);
  }
}
