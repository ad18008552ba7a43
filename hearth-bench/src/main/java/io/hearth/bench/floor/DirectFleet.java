package io.hearth.bench.floor;

import io.hearth.bench.load.Endpoint;
import io.hearth.core.driver.ContainerDriver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The warm floor: containers of one function's spec, started by the benchmark and called directly
 * over their sockets, one client per container as Hearth gives each call a container of its own.
 * Grows on demand; closing removes them all.
 *
 * <p>Thread-safety: used by one scenario thread at a time.
 */
public final class DirectFleet implements AutoCloseable {
  /** Containers started or removed at once: more only makes each slower on a small machine. */
  private static final int PARALLEL_STARTS = 4;

  private final ContainerDriver driver;
  private final FloorSpec floor;
  private final List<DirectContainer> containers = new ArrayList<>();

  public DirectFleet(ContainerDriver driver, FloorSpec floor) {
    this.driver = driver;
    this.floor = floor;
  }

  public FloorSpec floor() {
    return floor;
  }

  /** Makes sure at least {@code n} containers listen. */
  public void ensure(int n) throws IOException, InterruptedException {
    int missing = n - containers.size();
    if (missing <= 0) {
      return;
    }
    Semaphore permits = new Semaphore(PARALLEL_STARTS);
    List<Future<DirectContainer>> started = new ArrayList<>();
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < missing; i++) {
        Callable<DirectContainer> start = () -> {
          permits.acquire();
          try {
            return DirectContainer.start(driver, floor);
          } finally {
            permits.release();
          }
        };
        started.add(ex.submit(start));
      }
    }
    IOException failure = null;
    for (Future<DirectContainer> f : started) {
      try {
        containers.add(f.get());
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = new IOException("starting a floor container: " + e.getCause(), e.getCause());
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  public int size() {
    return containers.size();
  }

  public DirectContainer get(int i) {
    return containers.get(i);
  }

  /** The socket of container {@code i % size}. */
  public Endpoint endpoint(int i) {
    return containers.get(i % containers.size()).endpoint();
  }

  /** Removes containers beyond the first {@code n}. */
  public void shrinkTo(int n) {
    if (containers.size() > n) {
      List<DirectContainer> extra = new ArrayList<>(containers.subList(n, containers.size()));
      containers.subList(n, containers.size()).clear();
      closeAll(extra);
    }
  }

  @Override
  public void close() {
    closeAll(containers);
    containers.clear();
  }

  /**
   * Removes containers a few at a time: Docker Engine 20.10 can deadlock in libnetwork when many
   * containers are removed at once (seen here: moby/moby#46661's lock-order bug).
   */
  public static void closeAll(List<DirectContainer> list) {
    Semaphore permits = new Semaphore(PARALLEL_STARTS);
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      for (DirectContainer c : list) {
        ex.submit(() -> {
          permits.acquireUninterruptibly();
          try {
            c.close();
          } finally {
            permits.release();
          }
        });
      }
    }
  }
}
