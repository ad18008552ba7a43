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
 */
public record SlotKey(
    String fnId,
    String image,
    int memoryMb,
    long cpuMillis,
    int timeoutSecs,
    int idleTimeoutSecs,
    Map<String, String> env) {

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
    return new SlotKey(fn.id(), fn.image(), fn.memoryMb(), 0, fn.timeoutSecs(), fn.idleTimeoutSecs(), env);
  }
}
