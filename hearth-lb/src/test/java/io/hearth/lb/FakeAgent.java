package io.hearth.lb;

import io.hearth.agent.Admission;
import io.hearth.core.status.NodeStatus;
import io.hearth.agent.Ticket;
import io.hearth.core.call.CallError;
import io.hearth.core.call.CallOutput;
import io.hearth.core.call.CallRequest;
import io.hearth.core.call.CallResult;
import io.hearth.core.call.Headers;
import io.hearth.core.call.ResponseSink;
import io.hearth.core.ledger.Resources;
import io.hearth.core.status.NodeStatus;
import io.hearth.runner.LocalAgent;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A node agent without containers, for the runner protocol's tests. What it does with a call is
 * chosen by the call's first request header {@code X-Do}: {@code echo} (the default: reads the body,
 * answers it), {@code busy} or {@code big} (refuses at admission), {@code hold} (reads the body,
 * then waits for {@link #release} before answering), {@code fail} (reads the body, then fails 502
 * before answering), {@code wait} (waits for {@link #release} before admitting the call: not yet
 * this runner's), {@code queued-fail} (admits it as queued, then fails it as a container that did not
 * start would, without reading the body).
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

  /** What {@link #admit} hands out: the call and what to do with it. */
  private record FakeTicket(CallRequest request, String what) implements Ticket {
    @Override
    public String callId() {
      return request.callId();
    }
  }

  private static final CallResult.Timings T = new CallResult.Timings(1000, 0, 2000);

  @Override
  public Admission admit(CallRequest request) {
    String what = mode != null ? mode : request.headers().first("X-Do");
    what = what == null ? "echo" : what;
    switch (what) {
      case "busy" -> {
        return new Admission.Refused(
            new CallResult.Failed(CallError.TOO_BUSY, CallError.TOO_BUSY.message(), false, T, CallOutput.NONE));
      }
      case "big" -> {
        return new Admission.Refused(
            new CallResult.Failed(CallError.TOO_BIG, CallError.TOO_BIG.message(), false, T, CallOutput.NONE));
      }
      case "wait" -> await();
      case "queued-fail" -> {
        return new Admission.Queued(new FakeTicket(request, what));
      }
      default -> { }
    }
    return new Admission.Assigned(new FakeTicket(request, what));
  }

  @Override
  public CallResult run(Ticket ticket, ResponseSink sink) {
    CallRequest request = ((FakeTicket) ticket).request();
    String what = ((FakeTicket) ticket).what();
    CallResult.Timings t = T;
    if (what.equals("queued-fail")) { // the container started for it failed: the body is never read
      return new CallResult.Failed(CallError.INIT_FAILED, CallError.INIT_FAILED.message(), false, t, CallOutput.NONE);
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
    return new NodeStatus("fake", new Resources(1L << 30, 2000), Resources.ZERO, Map.of(), Map.copyOf(byFn), 0, 0, 0, 0, 0,
        0, calls.get(), 0, false);
  }
}
