package io.hearth.agent;

import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.core.slot.SlotKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each function's slot key, computed again only when the caller hands over other app or fn
 * objects than last time (its function cache hands over the same ones while nothing changed), so a
 * warm call does not rebuild the key's environment map. Concurrent.
 */
final class SlotKeys {
  private record Memo(App app, Fn fn, SlotKey key) {}

  private final Map<String, Memo> byFn = new ConcurrentHashMap<>();

  SlotKey of(App app, Fn fn) {
    Memo memo = byFn.get(fn.id());
    if (memo == null || memo.app() != app || memo.fn() != fn) {
      memo = new Memo(app, fn, SlotKey.of(app, fn));
      byFn.put(fn.id(), memo);
    }
    return memo.key();
  }

  void forget(String fnId) {
    byFn.remove(fnId);
  }
}
