package io.hearth.server.calls;

import io.hearth.core.call.CallResult;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Told about every call as soon as the agent has run it: the one hook the call path (invoke and
 * HTTP triggers) calls, right after {@code Agent.call} returns. Implementations must be quick and
 * never block the caller (they hand the work to another thread) and never throw.
 */
@FunctionalInterface
public interface CallRecorder {

  /** Records nothing. */
  CallRecorder NONE = (callId, appId, fnId, result) -> {};

  /**
   * @param callId the call's id (the {@code Fn-Call-Id} its client saw)
   * @param result how it ended, with its timings and log; its timings say when it began, counted
   *     back from now
   */
  void record(String callId, String appId, String fnId, CallResult result);

  /** Tells each recorder in turn; one that throws is logged and does not stop the others. */
  static CallRecorder all(CallRecorder... recorders) {
    List<CallRecorder> list = List.of(recorders);
    Logger log = LoggerFactory.getLogger(CallRecorder.class);
    return (callId, appId, fnId, result) -> {
      for (CallRecorder r : list) {
        try {
          r.record(callId, appId, fnId, result);
        } catch (RuntimeException e) {
          log.warn("recording call {} failed", callId, e);
        }
      }
    };
  }
}
