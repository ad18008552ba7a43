package io.hearth.server.leases;

import io.hearth.core.lease.ExecLaunch;
import io.hearth.core.lease.ExecOutcome;
import io.hearth.store.leases.ExecRow;

/** One exec of {@link Execs} not finished. Its mutable fields are guarded by its monitor. */
final class RunningExec {
  final ExecLaunch launch;
  ExecRow row;
  String containerId;
  ExecOutcome earlyEnd;
  String killReason;
  boolean finished;

  RunningExec(ExecLaunch launch, ExecRow row) {
    this.launch = launch;
    this.row = row;
  }
}
