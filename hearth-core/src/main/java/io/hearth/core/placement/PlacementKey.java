package io.hearth.core.placement;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import io.hearth.core.slot.SlotKey;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The number a call is placed by: a fingerprint of its function's {@link SlotKey}, so calls that
 * share containers share a runner. Stable across processes and versions of the JVM (FarmHash's
 * fingerprint of every field, not {@code hashCode}), so every lb places a function alike.
 */
public final class PlacementKey {
  private PlacementKey() {}

  public static long of(SlotKey slot) {
    Hasher h = Hashing.farmHashFingerprint64().newHasher();
    string(h, slot.fnId());
    string(h, slot.image());
    h.putInt(slot.memoryMb()).putLong(slot.cpuMillis()).putInt(slot.timeoutSecs()).putInt(slot.idleTimeoutSecs())
        .putLong(slot.initTimeoutMillis());
    for (Map.Entry<String, String> e : slot.env().entrySet()) { // sorted by the slot key
      string(h, e.getKey());
      string(h, e.getValue());
    }
    return h.hash().asLong();
  }

  /** Length-prefixed, so that ("ab", "c") and ("a", "bc") differ. */
  private static void string(Hasher h, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    h.putInt(bytes.length).putBytes(bytes);
  }
}
