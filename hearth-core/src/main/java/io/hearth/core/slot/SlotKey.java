package io.hearth.core.slot;

import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Everything that shapes a function's container. Two calls share warm containers exactly when
 * their slot keys are equal, so a function whose image, limits or configuration changed gets new
 * containers while the old ones drain. A value: equal when all its parts are equal.
 */
public final class SlotKey {
  private final String fnId;
  private final String image;
  private final int memoryMb;
  private final long cpuMillis;
  private final int timeoutSecs;
  private final int idleTimeoutSecs;
  private final Map<String, String> env;
  private final long initTimeoutMillis;
  /** Computed once: slot keys are hash-map keys on every call, and hashing the environment is not cheap. */
  private final int hash;

  /** Annotation setting a function's init timeout in milliseconds (JVM and Python functions need more than 5 s). */
  public static final String INIT_TIMEOUT_ANNOTATION = "hearth.io/init_timeout_ms";

  /**
   * The longest init timeout a function may set: ten minutes, far beyond any runtime's start, and
   * small enough that every deadline computed from it fits a long of nanoseconds.
   */
  public static final long MAX_INIT_TIMEOUT_MILLIS = 600_000;

  /**
   * Annotation keeping at least this many containers of a function started on each node that runs
   * it, never retired for idleness (Hearth's min_warm; a whole number, absent or 0 for none).
   */
  public static final String MIN_WARM_ANNOTATION = "hearth.io/min_warm";

  /**
   * @param fnId            the function (containers are never shared across functions)
   * @param image           image reference
   * @param memoryMb        memory limit, MB
   * @param cpuMillis       CPU quota in milli-CPUs, 0 for none
   * @param timeoutSecs     execution timeout
   * @param idleTimeoutSecs how long an idle container is kept
   * @param env             the container's environment (kept sorted)
   * @param initTimeoutMillis longest its containers may take to listen, 0 for the node's default
   */
  public SlotKey(String fnId, String image, int memoryMb, long cpuMillis, int timeoutSecs, int idleTimeoutSecs,
      Map<String, String> env, long initTimeoutMillis) {
    this.fnId = Objects.requireNonNull(fnId, "fnId");
    this.image = Objects.requireNonNull(image, "image");
    this.memoryMb = memoryMb;
    this.cpuMillis = cpuMillis;
    this.timeoutSecs = timeoutSecs;
    this.idleTimeoutSecs = idleTimeoutSecs;
    this.env = Collections.unmodifiableMap(new TreeMap<>(env));
    this.initTimeoutMillis = initTimeoutMillis;
    this.hash = Objects.hash(fnId, image, memoryMb, cpuMillis, timeoutSecs, idleTimeoutSecs, this.env,
        initTimeoutMillis);
  }

  public String fnId() {
    return fnId;
  }

  public String image() {
    return image;
  }

  public int memoryMb() {
    return memoryMb;
  }

  public long cpuMillis() {
    return cpuMillis;
  }

  public int timeoutSecs() {
    return timeoutSecs;
  }

  public int idleTimeoutSecs() {
    return idleTimeoutSecs;
  }

  public Map<String, String> env() {
    return env;
  }

  public long initTimeoutMillis() {
    return initTimeoutMillis;
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof SlotKey k && hash == k.hash && memoryMb == k.memoryMb
        && cpuMillis == k.cpuMillis && timeoutSecs == k.timeoutSecs && idleTimeoutSecs == k.idleTimeoutSecs
        && initTimeoutMillis == k.initTimeoutMillis && fnId.equals(k.fnId) && image.equals(k.image)
        && env.equals(k.env));
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "SlotKey[fnId=" + fnId + ", image=" + image + ", memoryMb=" + memoryMb + ", cpuMillis=" + cpuMillis
        + ", timeoutSecs=" + timeoutSecs + ", idleTimeoutSecs=" + idleTimeoutSecs + ", env=" + env
        + ", initTimeoutMillis=" + initTimeoutMillis + "]";
  }

  /**
   * The slot key of a function: the container environment is the app's config, then the
   * function's on top, then the variables of Fn's contract, which win.
   */
  public static SlotKey of(App app, Fn fn) {
    Map<String, String> env = new TreeMap<>(app.config());
    env.putAll(fn.config());
    env.put("FN_LISTENER", "unix:/tmp/iofs/lsnr.sock");
    env.put("FN_FORMAT", "http-stream");
    env.put("FN_MEMORY", Integer.toString(fn.memoryMb()));
    env.put("FN_TYPE", "sync");
    env.put("FN_FN_ID", fn.id());
    env.put("FN_APP_ID", app.id());
    env.put("FN_APP_NAME", app.name());
    env.put("FN_FN_NAME", fn.name());
    return new SlotKey(fn.id(), fn.image(), fn.memoryMb(), 0, fn.timeoutSecs(), fn.idleTimeoutSecs(), env,
        Math.min(MAX_INIT_TIMEOUT_MILLIS, positive(fn.annotations().get(INIT_TIMEOUT_ANNOTATION))));
  }

  /** How many containers the function's {@link #MIN_WARM_ANNOTATION} keeps started, 0 for none. */
  public static int minWarm(Fn fn) {
    return (int) Math.min(Integer.MAX_VALUE, positive(fn.annotations().get(MIN_WARM_ANNOTATION)));
  }

  /** The annotation's value (a JSON number, or a string holding one), 0 when absent or unusable. */
  public static long positive(String json) {
    return Math.max(0, wholeNumber(json).orElse(0));
  }

  /** An annotation's whole number (a JSON number, or a string holding one); empty when absent or not one. */
  public static OptionalLong wholeNumber(String json) {
    if (json == null) {
      return OptionalLong.empty();
    }
    String v = json.strip();
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      v = v.substring(1, v.length() - 1).strip();
    }
    try {
      return OptionalLong.of(Long.parseLong(v));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

}
