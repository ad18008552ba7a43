package io.hearth.testkit.store;

import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.core.model.Trigger;
import io.hearth.store.Cursor;
import io.hearth.store.Jdbc;
import io.hearth.store.ListQuery;
import io.hearth.store.Page;
import io.hearth.store.StoreException;
import io.hearth.store.functions.AppStore;
import io.hearth.store.functions.FnStore;
import io.hearth.store.functions.FunctionStore;
import io.hearth.store.functions.TriggerStore;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A {@link FunctionStore} in maps, for unit tests: the same answers as the JDBC store (it passes
 * the same conformance suite), the same messages, cascades and name order by code point, without
 * a database. Timestamps are cut to the millisecond as the database does.
 *
 * <p>Thread-safe: the three maps are guarded by this object's monitor, and every operation holds
 * it from its checks to its write, so a check never races the write it guards.
 */
public final class InMemoryFunctionStore implements FunctionStore {

  /** Names sort by code point, as {@code COLLATE "C"} makes PostgreSQL (and H2 always) do. */
  static final Comparator<String> CODE_POINTS = (a, b) -> {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  };

  private final Map<String, App> apps = new HashMap<>();
  private final Map<String, Fn> fns = new HashMap<>();
  private final Map<String, Trigger> triggers = new HashMap<>();
  private final AppStore appView = new Apps();
  private final FnStore fnView = new Fns();
  private final TriggerStore triggerView = new Triggers();

  @Override
  public AppStore apps() {
    return appView;
  }

  @Override
  public FnStore fns() {
    return fnView;
  }

  @Override
  public TriggerStore triggers() {
    return triggerView;
  }

  /** One page of {@code rows} after the query's cursor, in name (then id) order. */
  private static <T> Page<T> page(Stream<T> rows, ListQuery query, Function<T, String> name,
      Function<T, String> id, boolean idTieBreak) {
    Cursor after = query.after();
    Comparator<T> order = Comparator.comparing(name, CODE_POINTS);
    if (idTieBreak) {
      order = order.thenComparing(id);
    }
    List<T> items = rows
        .filter(r -> query.nameFilter() == null || query.nameFilter().equals(name.apply(r)))
        .filter(r -> after == null || isAfter(name.apply(r), id.apply(r), after, idTieBreak))
        .sorted(order)
        .limit(query.perPage())
        .toList();
    String next = null;
    if (items.size() == query.perPage()) {
      T last = items.getLast();
      next = Cursor.encode(name.apply(last), idTieBreak ? id.apply(last) : null);
    }
    return new Page<>(items, next);
  }

  private static boolean isAfter(String name, String id, Cursor after, boolean idTieBreak) {
    int byName = CODE_POINTS.compare(name, after.name());
    if (idTieBreak && after.id() != null) {
      return byName > 0 || byName == 0 && id.compareTo(after.id()) > 0;
    }
    return byName > 0;
  }

  private static <T> Optional<T> find(Map<String, T> rows, Predicate<T> where) {
    return rows.values().stream().filter(where).findFirst();
  }

  private final class Apps implements AppStore {

    @Override
    public App insert(App app) {
      App row = normalize(app);
      synchronized (InMemoryFunctionStore.this) {
        if (apps.containsKey(row.id())) {
          throw new StoreException.Conflict("An app with id '" + row.id() + "' already exists");
        }
        checkName(row);
        apps.put(row.id(), row);
      }
      return row;
    }

    @Override
    public Optional<App> get(String id) {
      synchronized (InMemoryFunctionStore.this) {
        return Optional.ofNullable(apps.get(id));
      }
    }

    @Override
    public Optional<App> getByName(String name) {
      synchronized (InMemoryFunctionStore.this) {
        return find(apps, a -> a.name().equals(name));
      }
    }

    @Override
    public App update(App app) {
      App row = normalize(app);
      synchronized (InMemoryFunctionStore.this) {
        if (!apps.containsKey(row.id())) {
          throw new StoreException.NotFound("App not found");
        }
        checkName(row);
        apps.put(row.id(), row);
      }
      return row;
    }

    @Override
    public boolean delete(String id) {
      synchronized (InMemoryFunctionStore.this) {
        if (apps.remove(id) == null) {
          return false;
        }
        fns.values().removeIf(f -> f.appId().equals(id));
        triggers.values().removeIf(t -> t.appId().equals(id));
        return true;
      }
    }

    @Override
    public Page<App> list(ListQuery query) {
      synchronized (InMemoryFunctionStore.this) {
        return page(apps.values().stream(), query, App::name, App::id, false);
      }
    }

    private void checkName(App row) {
      if (find(apps, a -> a.name().equals(row.name()) && !a.id().equals(row.id())).isPresent()) {
        throw new StoreException.Conflict("An app with name '" + row.name() + "' already exists");
      }
    }

    private static App normalize(App app) {
      Objects.requireNonNull(app.createdAt(), "app createdAt");
      Objects.requireNonNull(app.updatedAt(), "app updatedAt");
      return new App(app.id(), app.name(), app.config(), app.annotations(), app.syslogUrl(),
          app.shape(), Jdbc.millis(app.createdAt()), Jdbc.millis(app.updatedAt()));
    }
  }

  private final class Fns implements FnStore {

    @Override
    public Fn insert(Fn fn) {
      Fn row = normalize(fn);
      synchronized (InMemoryFunctionStore.this) {
        if (!apps.containsKey(row.appId())) {
          throw new StoreException.NotFound("App not found");
        }
        if (fns.containsKey(row.id())) {
          throw new StoreException.Conflict("A function with id '" + row.id() + "' already exists");
        }
        checkName(row);
        fns.put(row.id(), row);
      }
      return row;
    }

    @Override
    public Optional<Fn> get(String id) {
      synchronized (InMemoryFunctionStore.this) {
        return Optional.ofNullable(fns.get(id));
      }
    }

    @Override
    public Optional<Fn> getByName(String appId, String name) {
      synchronized (InMemoryFunctionStore.this) {
        return find(fns, f -> f.appId().equals(appId) && f.name().equals(name));
      }
    }

    @Override
    public Fn update(Fn fn) {
      Fn row = normalize(fn);
      synchronized (InMemoryFunctionStore.this) {
        Fn old = fns.get(row.id());
        if (old == null || !old.appId().equals(row.appId())) {
          throw new StoreException.NotFound("Fn not found");
        }
        checkName(row);
        fns.put(row.id(), row);
      }
      return row;
    }

    @Override
    public boolean delete(String id) {
      synchronized (InMemoryFunctionStore.this) {
        if (fns.remove(id) == null) {
          return false;
        }
        triggers.values().removeIf(t -> t.fnId().equals(id));
        return true;
      }
    }

    @Override
    public Page<Fn> list(String appId, ListQuery query) {
      Objects.requireNonNull(appId, "appId");
      synchronized (InMemoryFunctionStore.this) {
        return page(fns.values().stream().filter(f -> f.appId().equals(appId)), query, Fn::name, Fn::id, false);
      }
    }

    private void checkName(Fn row) {
      if (find(fns, f -> f.appId().equals(row.appId()) && f.name().equals(row.name())
          && !f.id().equals(row.id())).isPresent()) {
        throw new StoreException.Conflict(
            "A function with name '" + row.name() + "' already exists in this app");
      }
    }

    private static Fn normalize(Fn fn) {
      Objects.requireNonNull(fn.createdAt(), "fn createdAt");
      Objects.requireNonNull(fn.updatedAt(), "fn updatedAt");
      return new Fn(fn.id(), fn.name(), fn.appId(), fn.image(), fn.memoryMb(), fn.timeoutSecs(),
          fn.idleTimeoutSecs(), fn.config(), fn.annotations(), fn.shape(),
          Jdbc.millis(fn.createdAt()), Jdbc.millis(fn.updatedAt()));
    }
  }

  private final class Triggers implements TriggerStore {

    @Override
    public Trigger insert(Trigger trigger) {
      Trigger row = normalize(trigger);
      synchronized (InMemoryFunctionStore.this) {
        checkFunction(row);
        if (triggers.containsKey(row.id())) {
          throw new StoreException.Conflict("A trigger with id '" + row.id() + "' already exists");
        }
        checkUnique(row);
        triggers.put(row.id(), row);
      }
      return row;
    }

    @Override
    public Optional<Trigger> get(String id) {
      synchronized (InMemoryFunctionStore.this) {
        return Optional.ofNullable(triggers.get(id));
      }
    }

    @Override
    public Trigger update(Trigger trigger) {
      Trigger row = normalize(trigger);
      synchronized (InMemoryFunctionStore.this) {
        Trigger old = triggers.get(row.id());
        if (old == null || !old.appId().equals(row.appId())) {
          throw new StoreException.NotFound("Trigger not found");
        }
        checkFunction(row);
        checkUnique(row);
        triggers.put(row.id(), row);
      }
      return row;
    }

    @Override
    public boolean delete(String id) {
      synchronized (InMemoryFunctionStore.this) {
        return triggers.remove(id) != null;
      }
    }

    @Override
    public Page<Trigger> list(String appId, String fnId, ListQuery query) {
      Objects.requireNonNull(appId, "appId");
      synchronized (InMemoryFunctionStore.this) {
        Stream<Trigger> rows = triggers.values().stream()
            .filter(t -> t.appId().equals(appId) && (fnId == null || t.fnId().equals(fnId)));
        return page(rows, query, Trigger::name, Trigger::id, true);
      }
    }

    @Override
    public Optional<Trigger> getBySource(String appId, String source) {
      synchronized (InMemoryFunctionStore.this) {
        return find(triggers, t -> t.appId().equals(appId) && t.type().equals(HTTP) && t.source().equals(source));
      }
    }

    /** The trigger's function must exist in the trigger's app (the JDBC store's foreign keys). */
    private void checkFunction(Trigger row) {
      Fn fn = fns.get(row.fnId());
      if (fn == null || !fn.appId().equals(row.appId())) {
        throw new StoreException.NotFound(apps.containsKey(row.appId()) ? "Fn not found" : "App not found");
      }
    }

    private void checkUnique(Trigger row) {
      for (Trigger t : triggers.values()) {
        if (t.id().equals(row.id()) || !t.appId().equals(row.appId())) {
          continue;
        }
        if (t.fnId().equals(row.fnId()) && t.name().equals(row.name())) {
          throw new StoreException.Conflict(
              "A trigger with name '" + row.name() + "' already exists for this function");
        }
        if (t.type().equals(row.type()) && t.source().equals(row.source())) {
          throw new StoreException.Conflict("A trigger of type '" + row.type() + "' with source '"
              + row.source() + "' already exists in this app");
        }
      }
    }

    private static Trigger normalize(Trigger t) {
      Objects.requireNonNull(t.type(), "trigger type");
      Objects.requireNonNull(t.source(), "trigger source");
      Objects.requireNonNull(t.createdAt(), "trigger createdAt");
      Objects.requireNonNull(t.updatedAt(), "trigger updatedAt");
      return new Trigger(t.id(), t.name(), t.appId(), t.fnId(), t.type(), t.source(),
          t.annotations(), Jdbc.millis(t.createdAt()), Jdbc.millis(t.updatedAt()));
    }
  }
}
