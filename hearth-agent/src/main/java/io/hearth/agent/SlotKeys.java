package io.hearth.agent;

import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.core.slot.SlotKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each function's slot key, computed again only when the caller hands over other app or fn
 * objects than last time (its function cache hands over the same ones while nothing changed), so a
 * warm call does not rebuild the key's environment map; and a key equal to the last one is handed
 * out as the same object, so that calls, prewarms and the containers they started share one
 * instance. Concurrent.
 */
final class SlotKeys {
  private record Memo(App app, Fn fn, SlotKey key) {}

  private final Map<String, Memo> byFn = new ConcurrentHashMap<>();

  SlotKey of(App app, Fn fn) {
    Memo memo = byFn.get(fn.id());
    if (memo == null || memo.app() != app || memo.fn() != fn) {
      SlotKey key = SlotKey.of(app, fn);
      // the same key as before stays the same object: the pool's lookups then match it by identity
      // instead of comparing environments
      memo = new Memo(app, fn, memo != null && memo.key().equals(key) ? memo.key() : key);
      byFn.put(fn.id(), memo);
    }
    return memo.key();
  }

  void forget(String fnId) {
    byFn.remove(fnId);
  }
}
