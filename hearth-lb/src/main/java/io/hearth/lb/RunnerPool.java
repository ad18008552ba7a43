package io.hearth.lb;

import io.grpc.ChannelCredentials;
import io.grpc.StatusException;
import io.hearth.core.ledger.Resources;
import io.hearth.core.placement.RunnerView;
import io.hearth.core.status.NodeStatus;
import io.hearth.protocol.RunnerTls;
import io.hearth.protocol.Sleeper;
import io.hearth.core.time.Clock;
import io.hearth.store.runners.RunnerStore;
import java.time.Duration;
import java.time.Instant;
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
 * it answered, and the calls this lb has in flight on it. {@link #view()} hands the placers those
 * as {@link RunnerView}s in O(1): the views are rebuilt ({@link #publish}, O(runners)) only when
 * something in them changes — after each refresh of membership and statuses (every {@code every},
 * on a background thread) and when an attempt finds a runner unreachable — while the lb's own
 * in-flight counts are read through live ({@link RunnerViews}).
 *
 * <p>Threads: {@link #lock} guards the writes of {@code members}, {@code order} and {@code views},
 * immutable values read without it; a member's status fields are volatile, written by the
 * refresher and by failed attempts, and read into new views under the lock, so the last views
 * published never miss the last change.
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
    volatile NodeStatus status;
    /** Why the last status call failed its TLS handshake (a setting must change), or null. */
    volatile String handshake;

    Member(String id, String address, boolean live, ChannelCredentials credentials) {
      this.id = id;
      this.address = address;
      this.live = live;
      this.client = new RunnerClient(address, credentials);
    }

    /** What the lb last heard of it: availability and its reported load (0 calls until it reports). */
    RunnerView reported() {
      NodeStatus s = status;
      boolean available = live && reachable && (s == null || !s.draining());
      if (s == null) {
        return new RunnerView(id, available, 0, Resources.ZERO, Resources.ZERO);
      }
      return new RunnerView(id, available, s.activeCalls(), s.capacity(), s.used());
    }
  }

  private final Object lock = new Object();
  private volatile Map<String, Member> members = Map.of();
  private volatile List<Member> order = List.of();
  private volatile RunnerViews views = RunnerViews.empty();
  private final Supplier<List<Membership.Slot>> membership;
  private final ChannelCredentials credentials;
  private final Duration every;
  private final Sleeper sleeper;
  private volatile boolean closed;
  private Thread refresher;

  /**
   * @param membership the runners in their stable order, read at every refresh (it may throw: the
   *                   last known membership stays)
   * @param every      how often membership and statuses are refreshed
   * @param credentials how every runner is called: TLS ({@link RunnerTls#client}) or not
   */
  RunnerPool(Supplier<List<Membership.Slot>> membership, Duration every, Sleeper sleeper,
      ChannelCredentials credentials) {
    this.membership = membership;
    this.credentials = credentials;
    this.every = every;
    this.sleeper = sleeper;
  }

  /** Runners that leave a static list's membership only when the lb restarts; every one is live. */
  public static RunnerPool fixed(List<String> addresses, Duration every, Clock clock) {
    return fixed(addresses, every, RunnerTls.plaintextClient(), clock);
  }

  /** The same, calling every runner with these credentials (TLS or not). */
  public static RunnerPool fixed(List<String> addresses, Duration every, ChannelCredentials credentials,
      Clock clock) {
    List<Membership.Slot> slots = Membership.fixed(addresses);
    RunnerPool pool = new RunnerPool(() -> slots, every, clock::sleep, credentials);
    pool.start();
    return pool;
  }

  /**
   * Runners registered in the datastore: live while they heartbeat within {@code ttl}; their holes
   * are forgotten (and their rows deleted) after {@link #FORGET_AFTER}. Every runner is called with
   * {@code credentials}: the lb's TLS setting holds for all its runners.
   */
  public static RunnerPool registered(RunnerStore store, Clock clock, Duration ttl, Duration every,
      ChannelCredentials credentials) {
    RunnerPool pool = new RunnerPool(() -> {
      Instant now = clock.instant();
      store.forget(now.minus(FORGET_AFTER));
      return Membership.slots(store.list(), now, ttl, FORGET_AFTER);
    }, every, clock::sleep, credentials);
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

  /** The runners in their stable order, as the placers see them: O(1), nothing is copied. */
  public List<RunnerView> view() {
    return views;
  }

  /** Rebuilds the views from the members' current state: after anything in them changed. */
  private void publish() {
    synchronized (lock) {
      List<Member> ms = order;
      List<RunnerView> reported = new ArrayList<>(ms.size());
      List<AtomicInteger> inflight = new ArrayList<>(ms.size());
      for (Member m : ms) {
        reported.add(m.reported());
        inflight.add(m.inflight);
      }
      views = RunnerViews.of(reported, inflight);
    }
  }

  /** The last status each runner gave, in order (runners that never answered are left out). */
  public List<NodeStatus> statuses() {
    List<NodeStatus> out = new ArrayList<>();
    for (Member m : order) {
      NodeStatus s = m.status;
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
      d.put("available", m.reported().available());
      d.put("live", m.live);
      d.put("reachable", m.reachable);
      d.put("in_flight", m.inflight.get());
      NodeStatus s = m.status;
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

  /** The runner of that id now (lock-free); empty when it left since the caller's view was taken. */
  Optional<Member> member(String id) {
    return Optional.ofNullable(members.get(id));
  }

  /**
   * Why no runner can take any call now, when every runner is unavailable for a failed TLS
   * handshake (a setting must change first, so waiting for the placer timeout would not help);
   * empty while some runner may still answer, or none is known.
   */
  Optional<String> noneCanTake() {
    List<Member> all = order;
    if (all.isEmpty()) {
      return Optional.empty();
    }
    List<String> why = new ArrayList<>();
    for (Member m : all) {
      String h = m.handshake;
      if (m.reachable || h == null) {
        return Optional.empty();
      }
      why.add(h);
    }
    return Optional.of(String.join("; ", why));
  }

  /** An attempt could not reach the runner: leave it out until it answers a status call again. */
  void unreachable(Member m) {
    m.reachable = false;
    m.client.reconnectSoon();
    publish();
  }

  /** Applies a membership: new runners connect, departed ones are let go, the order is replaced. */
  void update(List<Membership.Slot> slots) {
    List<Member> retired = new ArrayList<>();
    synchronized (lock) {
      Map<String, Member> next = new HashMap<>();
      List<Member> ordered = new ArrayList<>(slots.size());
      for (Membership.Slot s : slots) {
        Member m = members.get(s.id());
        if (m == null || !m.address.equals(s.address())) {
          if (m != null) {
            retired.add(m);
          }
          m = new Member(s.id(), s.address(), s.live(), credentials);
          log.info("runner {} at {} joined", s.id(), s.address());
        }
        m.live = s.live();
        next.put(s.id(), m);
        ordered.add(m);
      }
      for (Member m : members.values()) {
        if (!next.containsKey(m.id)) {
          retired.add(m);
          log.info("runner {} at {} left", m.id, m.address);
        }
      }
      members = Map.copyOf(next);
      order = List.copyOf(ordered);
      publish();
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
        break;
      }
    }
    publish();
  }

  /** Long enough for a first connection (class loading, a TLS handshake, HTTP/2 set-up), short against a TTL. */
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
      m.handshake = null;
    } catch (StatusException e) {
      boolean known = !m.reachable && m.handshake != null;
      String handshake = known ? m.handshake
          : Handshake.failure(e.getStatus(), credentials, m.id, m.address).orElse(null);
      if (m.reachable || (handshake != null && !known)) {
        String why = handshake != null ? handshake : e.getStatus().getDescription();
        log.info("runner {} at {} does not answer: {}{}", m.id, m.address, e.getStatus().getCode(),
            why == null ? "" : " (" + why + ")");
      }
      m.handshake = handshake;
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
      for (Member m : members.values()) {
        m.client.close();
      }
      members = Map.of();
      order = List.of();
      views = RunnerViews.empty();
    }
  }
}
