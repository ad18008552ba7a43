package io.hearth.runner;

import io.grpc.StatusException;
import io.hearth.core.placement.RunnerView;
import io.hearth.core.pool.Resources;
import io.hearth.store.Datastore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runners an lb places calls on: their stable order (from a static list or the runners
 * table), a connection to each, and what the lb last heard of each — its status (polled), whether
 * it answered, and the calls this lb has in flight on it. {@link #view()} turns that into the
 * placers' {@link RunnerView}s. A background thread refreshes membership and statuses every
 * {@code every}.
 *
 * <p>Threads: {@link #lock} guards {@code byId} and the writes of {@code order}, an immutable list
 * read without the lock; a member's status fields are volatile, written by the refresher and by
 * failed attempts.
 */
public final class RunnerPool implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RunnerPool.class);
  /**
   * How long a runner that stopped heartbeating keeps its place in the order: one back within this
   * gets its functions back; after it, its place closes and the functions after it move once.
   */
  static final Duration FORGET_AFTER = Duration.ofHours(1);

  /** One runner the lb knows. */
  static final class Member {
    final String id;
    final String address;
    final RunnerClient client;
    final AtomicInteger inflight = new AtomicInteger();
    volatile boolean live;
    volatile boolean reachable = true; // a new runner is worth a try before its first status
    volatile RunnerStatus status;

    Member(String id, String address, boolean live) {
      this.id = id;
      this.address = address;
      this.live = live;
      this.client = new RunnerClient(address);
    }

    RunnerView view() {
      RunnerStatus s = status;
      boolean available = live && reachable && (s == null || !s.draining());
      if (s == null) {
        return new RunnerView(id, available, inflight.get(), Resources.ZERO, Resources.ZERO);
      }
      return new RunnerView(id, available, Math.max(inflight.get(), s.activeCalls()),
          new Resources(s.memoryCapacityBytes(), s.cpuCapacityMillis()),
          new Resources(s.memoryUsedBytes(), s.cpuUsedMillis()));
    }
  }

  private final Object lock = new Object();
  private final Map<String, Member> byId = new HashMap<>();
  private volatile List<Member> order = List.of();
  private final Supplier<List<Membership.Slot>> membership;
  private final Duration every;
  private final Sleeper sleeper;
  private volatile boolean closed;
  private Thread refresher;

  /**
   * @param membership the runners in their stable order, read at every refresh (it may throw: the
   *                   last known membership stays)
   * @param every      how often membership and statuses are refreshed
   */
  RunnerPool(Supplier<List<Membership.Slot>> membership, Duration every, Sleeper sleeper) {
    this.membership = membership;
    this.every = every;
    this.sleeper = sleeper;
  }

  /** Runners that leave a static list's membership only when the lb restarts; every one is live. */
  public static RunnerPool fixed(List<String> addresses, Duration every) {
    List<Membership.Slot> slots = Membership.fixed(addresses);
    RunnerPool pool = new RunnerPool(() -> slots, every, Sleeper.SYSTEM);
    pool.start();
    return pool;
  }

  /**
   * Runners registered in the datastore: live while they heartbeat within {@code ttl}; their holes
   * are forgotten (and their rows deleted) after {@link #FORGET_AFTER}.
   */
  public static RunnerPool registered(Datastore store, InstantSource clock, Duration ttl, Duration every) {
    RunnerPool pool = new RunnerPool(() -> {
      Instant now = clock.instant();
      store.forgetRunners(now.minus(FORGET_AFTER));
      return Membership.slots(store.listRunners(), now, ttl, FORGET_AFTER);
    }, every, Sleeper.SYSTEM);
    pool.start();
    return pool;
  }

  /** Reads membership and statuses once, then keeps refreshing them in the background. */
  void start() {
    refresh();
    refresher = Thread.ofVirtual().name("hearth-runner-pool").start(() -> {
      while (!closed) {
        try {
          sleeper.sleep(every);
        } catch (InterruptedException e) {
          return;
        }
        refresh();
      }
    });
  }

  /** The runners in their stable order, as the placers see them. */
  public List<RunnerView> view() {
    List<Member> members = order;
    List<RunnerView> out = new ArrayList<>(members.size());
    for (Member m : members) {
      out.add(m.view());
    }
    return out;
  }

  /** The last status each runner gave, in order (runners that never answered are left out). */
  public List<RunnerStatus> statuses() {
    List<RunnerStatus> out = new ArrayList<>();
    for (Member m : order) {
      RunnerStatus s = m.status;
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  /** What the lb knows of each runner, for its status page: id, address, live, reachable, in flight. */
  public List<Map<String, Object>> describe() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Member m : order) {
      Map<String, Object> d = new java.util.LinkedHashMap<>();
      d.put("id", m.id);
      d.put("address", m.address);
      d.put("available", m.view().available());
      d.put("live", m.live);
      d.put("reachable", m.reachable);
      d.put("in_flight", m.inflight.get());
      RunnerStatus s = m.status;
      if (s != null) {
        d.put("node_id", s.nodeId());
        d.put("active_calls", s.activeCalls());
        d.put("draining", s.draining());
        d.put("warm_by_fn", s.warmByFn());
      }
      out.add(d);
    }
    return out;
  }

  Optional<Member> member(String id) {
    synchronized (lock) {
      return Optional.ofNullable(byId.get(id));
    }
  }

  /** An attempt could not reach the runner: leave it out until it answers a status call again. */
  void unreachable(Member m) {
    m.reachable = false;
    m.client.reconnectSoon();
  }

  /** Applies a membership: new runners connect, departed ones are let go, the order is replaced. */
  void update(List<Membership.Slot> slots) {
    List<Member> retired = new ArrayList<>();
    synchronized (lock) {
      Map<String, Member> next = new HashMap<>();
      List<Member> ordered = new ArrayList<>(slots.size());
      for (Membership.Slot s : slots) {
        Member m = byId.get(s.id());
        if (m == null || !m.address.equals(s.address())) {
          if (m != null) {
            retired.add(m);
          }
          m = new Member(s.id(), s.address(), s.live());
          log.info("runner {} at {} joined", s.id(), s.address());
        }
        m.live = s.live();
        next.put(s.id(), m);
        ordered.add(m);
      }
      for (Member m : byId.values()) {
        if (!next.containsKey(m.id)) {
          retired.add(m);
          log.info("runner {} at {} left", m.id, m.address);
        }
      }
      byId.clear();
      byId.putAll(next);
      order = List.copyOf(ordered);
    }
    for (Member m : retired) {
      // Its calls in flight may still be streaming: close when they are done, in the background.
      Thread.ofVirtual().name("hearth-runner-retire").start(() -> {
        while (m.inflight.get() > 0 && !closed) {
          try {
            sleeper.sleep(every);
          } catch (InterruptedException e) {
            break;
          }
        }
        m.client.close();
      });
    }
  }

  /** Re-reads membership, then asks every runner for its status, all at once. */
  void refresh() {
    try {
      update(membership.get());
    } catch (RuntimeException e) {
      log.warn("cannot read the runners' membership, keeping the last one: {}", e.getMessage());
    }
    List<Thread> polls = new ArrayList<>();
    for (Member m : order) {
      polls.add(Thread.ofVirtual().name("hearth-runner-status").start(() -> poll(m)));
    }
    for (Thread t : polls) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Long enough for a first connection (TLS-free, but class loading and HTTP/2 set-up), short against a TTL. */
  private Duration statusTimeout() {
    Duration twice = every.multipliedBy(2);
    return twice.compareTo(Duration.ofSeconds(2)) > 0 ? twice : Duration.ofSeconds(2);
  }

  private void poll(Member m) {
    try {
      m.status = m.client.status(statusTimeout());
      if (!m.reachable) {
        log.info("runner {} at {} answers again", m.id, m.address);
      }
      m.reachable = true;
    } catch (StatusException e) {
      if (m.reachable) {
        log.info("runner {} at {} does not answer: {}", m.id, m.address, e.getStatus().getCode());
      }
      m.reachable = false;
      m.client.reconnectSoon();
    }
  }

  @Override
  public void close() {
    closed = true;
    if (refresher != null) {
      refresher.interrupt();
    }
    synchronized (lock) {
      for (Member m : byId.values()) {
        m.client.close();
      }
      byId.clear();
      order = List.of();
    }
  }
}
