package io.hearth.store.jobs;

/**
 * The embedded node's {@link JobSignals}: in-process. {@link SignallingJobStore} calls {@link
 * #changed} after each change it committed; subscribers are called on a thread of this signal's,
 * bursts coalesced into one call.
 */
public final class LocalJobSignals implements JobSignals {
  private final SignalFanout fanout = new SignalFanout(Thread.ofVirtual().name("hearth-job-signals").factory());

  /** Jobs changed (and the change is committed). Returns at once. */
  public void changed() {
    fanout.fire();
  }

  @Override
  public AutoCloseable subscribe(Runnable onChange) {
    return fanout.subscribe(onChange);
  }

  @Override
  public void close() {
    fanout.close();
  }
}
