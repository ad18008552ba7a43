package io.hearth.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.model.App;
import io.hearth.store.functions.JdbcFunctionStore;
import io.hearth.store.powercut.PowerCutDisk;
import io.hearth.store.powercut.PowerCutFilePath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Power loss of the embedded datastore. The H2 file is opened through {@link PowerCutFilePath},
 * a disk that keeps only what was forced ({@code FileChannel.force}); writers insert apps from
 * several threads; the power is cut while they run; the database is opened again from what the
 * disk kept, and every write that had returned (what the API would have answered 2xx) must be
 * there. With the force turned off (HEARTH_DB_SYNC=false) the same check finds writes lost, so
 * it can fail.
 */
class PowerCutTest {
  private static final int WRITERS = 8;
  /** Acknowledged writes before the cut: enough for many force groups. */
  private static final int BEFORE_CUT = 300;
  /** Most writes of one writer, so the loop is bounded whatever happens. */
  private static final int MOST_PER_WRITER = 2_000;

  @TempDir Path dir;

  @Test
  void everyAcknowledgedWriteSurvivesAPowerCut() throws Exception {
    Run run = writeAndCut(true);
    assertThat(run.acknowledged).hasSizeGreaterThanOrEqualTo(BEFORE_CUT);
    assertThat(run.survivors).containsAll(run.acknowledged);
    System.out.printf("power cut: %d writes acknowledged, all %d kept; %d forces of the file%n",
        run.acknowledged.size(), run.acknowledged.size(), run.forces);
  }

  @Test
  void withoutTheForceAcknowledgedWritesAreLost() throws Exception {
    Run run = writeAndCut(false);
    assertThat(run.acknowledged).hasSizeGreaterThanOrEqualTo(BEFORE_CUT);
    List<String> lost = run.acknowledged.stream().filter(n -> !run.survivors.contains(n)).toList();
    assertThat(lost).as("acknowledged writes gone after the cut with the force off").isNotEmpty();
    assertThat(run.forces).isZero();
  }

  @Test
  void nothingAcknowledgedIsLeftUnforced() {
    PowerCutDisk disk = PowerCutFilePath.install(dir.resolve("image"));
    try (Database db = Database.open(config(true))) {
      JdbcFunctionStore store = new JdbcFunctionStore(db);
      Fixtures fx = new Fixtures();
      for (int i = 0; i < 50; i++) {
        long forcesBefore = disk.forces();
        store.apps().insert(fx.app("one-" + i));
        // the insert wrote its commit to the file; by the time it returns, a force has covered it
        assertThat(disk.unforcedBytes()).as("bytes written and not forced after write %d", i).isZero();
        assertThat(disk.forces()).isGreaterThan(forcesBefore);
      }
      long forcesBeforeReads = disk.forces();
      for (int i = 0; i < 20; i++) {
        assertThat(store.apps().getByName("one-" + i)).isPresent();
      }
      assertThat(disk.forces()).as("reads force nothing").isEqualTo(forcesBeforeReads);
      new io.hearth.store.queue.JdbcCallQueue(db).claim("n1", Fixtures.CREATED, Duration.ofSeconds(30), 8, Set.of());
      assertThat(disk.forces()).as("a poll of the empty queue forces nothing").isEqualTo(forcesBeforeReads);
    }
  }

  private record Run(Set<String> acknowledged, Set<String> survivors, long forces) {}

  private Run writeAndCut(boolean force) throws Exception {
    PowerCutDisk disk = PowerCutFilePath.install(dir.resolve("image"));
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicInteger acks = new AtomicInteger();
    CountDownLatch enough = new CountDownLatch(1);
    Database db = Database.open(config(force));
    JdbcFunctionStore store = new JdbcFunctionStore(db);
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      writers.add(Thread.ofVirtual().start(() -> {
        Fixtures fx = new Fixtures();
        for (int i = 0; i < MOST_PER_WRITER; i++) {
          String name = "w" + writer + "-" + i;
          try {
            store.apps().insert(fx.app(name));
          } catch (StoreException e) {
            return; // the power is off: this write was not acknowledged, nor will any later one be
          }
          acknowledged.add(name);
          if (acks.incrementAndGet() >= BEFORE_CUT) {
            enough.countDown();
          }
        }
      }));
    }
    assertThat(enough.await(60, TimeUnit.SECONDS)).as("writers acknowledged " + BEFORE_CUT + " writes").isTrue();
    disk.cut();
    for (Thread t : writers) {
      assertThat(t.join(Duration.ofSeconds(30))).as("writer stopped after the cut").isTrue();
    }
    Set<String> acked = Set.copyOf(acknowledged);
    long forces = disk.forces();
    try {
      db.close(); // H2 fails to write its close: the disk is off
    } catch (RuntimeException expected) {
      // nothing to do: what counts is the image
    }
    return new Run(acked, survivors(disk.image("hearth.mv.db")), forces);
  }

  private Set<String> survivors(Path image) throws Exception {
    Path restarted = dir.resolve("restarted");
    Files.createDirectories(restarted);
    Files.copy(image, restarted.resolve("hearth.mv.db"));
    try (Database db = Database.open(DatastoreConfig.fromUrl("h2:file:" + restarted.resolve("hearth"), null))) {
      Set<String> names = ConcurrentHashMap.newKeySet();
      names.addAll(db.query("SELECT name FROM apps", s -> { }, r -> r.getString(1)));
      return names;
    }
  }

  private DatastoreConfig config(boolean force) {
    return new DatastoreConfig("jdbc:h2:powercut:" + dir.resolve("db").resolve("hearth") + ";AUTO_SERVER=FALSE;"
        + DatastoreConfig.H2_DURABLE, null, null, DatastoreConfig.DEFAULT_POOL_SIZE,
        DatastoreConfig.DEFAULT_CONNECT_TIMEOUT, force);
  }
}
