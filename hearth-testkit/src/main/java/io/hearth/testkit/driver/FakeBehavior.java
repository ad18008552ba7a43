package io.hearth.testkit.driver;

import io.hearth.fdk.FnHandler;
import java.time.Duration;
import java.util.Objects;

/**
 * How the fake driver's containers of one image behave from start to their first call: how long
 * they take to listen (on the driver's scheduler, so a manual clock decides), whether starting them
 * fails, whether they exit before listening or never listen, and the function that answers calls.
 * Exits and out-of-memory kills during calls are the test's to trigger ({@link FakeContainerDriver#exit}).
 *
 * @param startLatency how long after start the listener appears
 * @param start        what starting does
 * @param exitCode     for {@link Start#EXIT}: the exit code
 * @param handler      answers the calls once listening
 */
public record FakeBehavior(Duration startLatency, Start start, int exitCode, FnHandler handler) {

  /** What {@code start} does to a container. */
  public enum Start {
    /** Starts; the listener appears after the start latency. */
    LISTEN,
    /** The engine refuses to start it ({@code DriverException}, kind FAILED). */
    FAIL,
    /** Starts, but never creates its socket. */
    NEVER_LISTEN,
    /** Starts and exits (with {@link #exitCode}) after the start latency, before it listens. */
    EXIT
  }

  /** Answers "ok" to every call. */
  public static final FnHandler OK = (call, response) -> response.send("ok");

  public FakeBehavior {
    Objects.requireNonNull(startLatency, "startLatency");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(handler, "handler");
  }

  /** Containers that listen at once and answer with {@code handler}. */
  public static FakeBehavior serving(FnHandler handler) {
    return new FakeBehavior(Duration.ZERO, Start.LISTEN, 0, handler);
  }

  /** Containers that listen at once and answer "ok". */
  public static FakeBehavior ok() {
    return serving(OK);
  }

  public FakeBehavior withStartLatency(Duration latency) {
    return new FakeBehavior(latency, start, exitCode, handler);
  }

  public FakeBehavior failingToStart() {
    return new FakeBehavior(startLatency, Start.FAIL, exitCode, handler);
  }

  public FakeBehavior neverListening() {
    return new FakeBehavior(startLatency, Start.NEVER_LISTEN, exitCode, handler);
  }

  public FakeBehavior exitingAtStart(int code) {
    return new FakeBehavior(startLatency, Start.EXIT, code, handler);
  }
}
