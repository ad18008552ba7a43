package io.hearth.server.ui;

import io.hearth.server.leases.LeaseJson;
import io.hearth.store.ListQuery;
import io.hearth.store.leases.AllocQuery;
import io.hearth.store.leases.AllocRecord;
import io.hearth.store.leases.AllocRow;
import io.hearth.store.leases.AllocState;
import io.hearth.store.leases.LeaseStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's {@code alloc} events ({@code {id, state, owner, expires_at}}): one each time an
 * alloc is granted, expires, is renewed (its expiry moves, so the page's countdown stays true),
 * reclaimed or freed, or one of its execs changes state. Allocs are written by the node holding
 * them (a runner, on a cluster) into the shared datastore, which signals nothing, so it looks at
 * the live allocs (the newest {@value ListQuery#MAX_PER_PAGE} active and as many expired) every
 * second; an alloc that left them is read once to publish how it ended.
 */
public final class AllocEvents implements AutoCloseable {
  /** Within the dashboard's 2 s for a live change, at two indexed reads a second. */
  private static final Duration PERIOD = Duration.ofSeconds(1);

  /** What the page shows of an alloc; its execs' states only to notice a change. */
  record Seen(String id, String state, String owner, String expiresAt, List<String> execStates) {
    static Seen of(AllocRecord r) {
      AllocRow a = r.alloc();
      return new Seen(a.id(), a.state().wire(), a.owner(), LeaseJson.time(a.expiresAt()),
          r.execs().stream().map(e -> e.id() + "=" + e.state().wire()).toList());
    }

    Map<String, Object> data() {
      return Map.of("id", id, "state", state, "owner", owner, "expires_at", expiresAt);
    }
  }

  private final StoreWatch<Seen> watch;

  private AllocEvents(StoreWatch<Seen> watch) {
    this.watch = watch;
  }

  public static AllocEvents start(LeaseStore store, EventHub hub) {
    return new AllocEvents(StoreWatch.start("allocs", source(store), s -> hub.publish("alloc", s.data()), PERIOD,
        hub::watched));
  }

  static StoreWatch.Source<Seen> source(LeaseStore store) {
    return new StoreWatch.Source<>() {
      @Override
      public Map<String, Seen> live() {
        Map<String, Seen> live = new LinkedHashMap<>();
        for (AllocState s : List.of(AllocState.ACTIVE, AllocState.EXPIRED)) {
          store.list(new AllocQuery(null, s, null, ListQuery.MAX_PER_PAGE)).items()
              .forEach(r -> live.put(r.alloc().id(), Seen.of(r)));
        }
        return live;
      }

      @Override
      public Optional<Seen> ended(String id) {
        return store.get(id).map(Seen::of);
      }
    };
  }

  @Override
  public void close() {
    watch.close();
  }
}
