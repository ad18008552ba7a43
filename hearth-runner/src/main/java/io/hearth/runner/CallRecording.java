package io.hearth.runner;

import io.hearth.core.call.CallResult;

/**
 * Where a runner records the calls it commits, with their logs: the call records of the datastore
 * it shares with the api nodes (the server wires its {@code CallRecords} here). A runner without
 * a datastore records nothing, and the lb records its calls instead, without their logs. Must not
 * block (hand the write to another thread) and should not throw.
 */
@FunctionalInterface
public interface CallRecording {

  /** This runner does not record calls: the lb does. */
  CallRecording NONE = (callId, appId, fnId, result) -> {};

  void record(String callId, String appId, String fnId, CallResult result);
}
