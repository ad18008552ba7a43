package io.hearth.core.slot;

import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything that shapes a function's container. Two calls share warm containers exactly when
 * their slot keys are equal, so a function whose image, limits or configuration changed gets new
 * containers while the old ones drain.
 *
 * @param fnId            the function (containers are never shared across functions)
 * @param image           image reference
 * @param memoryMb        memory limit, MB
 * @param cpuMillis       CPU quota in milli-CPUs, 0 for none
 * @param timeoutSecs     execution timeout
 * @param idleTimeoutSecs how long an idle container is kept
 * @param env             the container's environment, sorted
 * @param initTimeoutMillis longest its containers may take to listen, 0 for the node's default
 */
public record SlotKey(
    String fnId,
    String image,
    int memoryMb,
    long cpuMillis,
    int timeoutSecs,
    int idleTimeoutSecs,
    Map<String, String> env,
    long initTimeoutMillis) {

  /** Annotation setting a function's init timeout in milliseconds (JVM and Python functions need more than 5 s). */
  public static final String INIT_TIMEOUT_ANNOTATION = "hearth.io/init_timeout_ms";

  /**
   * Annotation keeping at least this many containers of a function started on each node that runs
   * it, never retired for idleness (Hearth's min_warm; a whole number, absent or 0 for none).
   */
  public static final String MIN_WARM_ANNOTATION = "hearth.io/min_warm";

  public SlotKey {
    Objects.requireNonNull(fnId, "fnId");
    Objects.requireNonNull(image, "image");
    env = java.util.Collections.unmodifiableMap(new TreeMap<>(env));
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
        positive(fn.annotations().get(INIT_TIMEOUT_ANNOTATION)));
  }

  /** How many containers the function's {@link #MIN_WARM_ANNOTATION} keeps started, 0 for none. */
  public static int minWarm(Fn fn) {
    return (int) Math.min(Integer.MAX_VALUE, positive(fn.annotations().get(MIN_WARM_ANNOTATION)));
  }

  /** The annotation's value (a JSON number, or a string holding one), 0 when absent or unusable. */
  public static long positive(String json) {
    if (json == null) {
      return 0;
    }
    String v = json.strip();
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      v = v.substring(1, v.length() - 1).strip();
    }
    try {
      long ms = Long.parseLong(v);
      return ms > 0 ? ms : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
