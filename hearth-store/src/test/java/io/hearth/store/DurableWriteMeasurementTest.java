package io.hearth.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.store.functions.JdbcFunctionStore;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * What durable embedded writes cost: the time of one app insert (one API write is one such
 * statement) on an H2 file with H2's default write delay, with {@code WRITE_DELAY=0}, and with
 * each commit also forced to disk (one thread: one force per write), as Hearth opens it. Prints median and p99; asserts only that every
 * write landed. Run with {@code -Dhearth.measure=true}; figures in docs/benchmarks/durable-writes.md.
 */
@EnabledIfSystemProperty(named = "hearth.measure", matches = "true")
class DurableWriteMeasurementTest {
  static final int WARMUP = 300;
  static final int WRITES = 2_000;

  @TempDir Path dir;

  @Test
  void costOfWriteDelayZeroPerWrite() {
    for (int round = 0; round < 2; round++) { // twice each, interleaved, so neither side has the warm JIT alone
      measure("default (1 s delay)", "jdbc:h2:file:" + dir.resolve("d" + round + "/h") + ";AUTO_SERVER=FALSE", false);
      String url = DatastoreConfig.fromUrl("h2:file:" + dir.resolve("z" + round + "/h"), null).url();
      measure("WRITE_DELAY=0", url, false);
      measure("+ forced to disk", url.replace("/z" + round + "/", "/f" + round + "/"), true);
    }
  }

  private void measure(String label, String url, boolean force) {
    Fixtures fx = new Fixtures();
    try (Database db = Database.open(new DatastoreConfig(url, null, null, 4, DatastoreConfig.DEFAULT_CONNECT_TIMEOUT,
        force))) {
      JdbcFunctionStore store = new JdbcFunctionStore(db);
      for (int i = 0; i < WARMUP; i++) {
        store.apps().insert(fx.app("w" + i));
      }
      long[] nanos = new long[WRITES];
      long start = System.nanoTime();
      for (int i = 0; i < WRITES; i++) {
        long t = System.nanoTime();
        store.apps().insert(fx.app("a" + i));
        nanos[i] = System.nanoTime() - t;
      }
      long total = System.nanoTime() - start;
      Arrays.sort(nanos);
      System.out.printf("durable-writes %-20s median %.3f ms  p99 %.3f ms  %.0f writes/s (%d writes, one thread)%n",
          label, nanos[WRITES / 2] / 1e6, nanos[WRITES * 99 / 100] / 1e6, WRITES / (total / 1e9), WRITES);
      assertThat(db.queryOne("SELECT COUNT(*) FROM apps", s -> { }, r -> r.getLong(1))).contains((long) WARMUP + WRITES);
    }
  }
}
