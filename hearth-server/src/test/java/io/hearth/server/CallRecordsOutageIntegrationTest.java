package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.call.CallOutput;
import io.hearth.core.call.CallResult;
import io.hearth.core.time.Clock;
import io.hearth.core.time.TimerThread;
import io.hearth.server.calls.CallRecords;
import io.hearth.store.Database;
import io.hearth.store.DatastoreConfig;
import io.hearth.store.LoopbackProxy;
import io.hearth.store.calls.JdbcCallStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13, point 3: call records made while PostgreSQL is out of reach stay in the writer's
 * buffer and are written once it is back; none is dropped while the buffer has room. The outage is
 * a loopback proxy between the writer and the shared PostgreSQL, closed and reopened by the test
 * (PostgreSQL itself is never stopped).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CallRecordsOutageIntegrationTest {

  private static CallResult done() {
    return new CallResult.Completed(200, new CallResult.Timings(1_000, 0, 2_000_000), CallOutput.NONE);
  }

  @Test
  void recordsMadeDuringAnOutageAreWrittenWhenTheDatabaseIsBack() throws Exception {
    try (PostgresTestSchema schema = PostgresTestSchema.create();
        TimerThread timer = TimerThread.start("outage-test-timer")) {
      LoopbackProxy proxy = LoopbackProxy.start(0, PostgresTestSchema.HOST, PostgresTestSchema.PORT);
      int port = proxy.port();
      DatastoreConfig config = DatastoreConfig.fromUrl(schema.urlVia(port), null).withConnectTimeout(Duration.ofSeconds(1));
      try (Database db = Database.open(config)) {
        JdbcCallStore store = new JdbcCallStore(db);
        CallRecords records = CallRecords.start(store, Clock.system(), timer, true, Duration.ZERO);
        try {
          for (int i = 0; i < 20; i++) {
            records.record("before-" + i, "app", "fn-outage", done());
          }
          awaitWritten(records, 20);

          proxy.close(); // the outage: every connection through the proxy is cut, new ones refused
          for (int i = 0; i < 300; i++) {
            records.record("during-" + i, "app", "fn-outage", done());
          }
          // let several flushes fail against the cut-off database
          long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
          while (System.nanoTime() < until) {
            Thread.sleep(100); // time passing during the outage is what is tested
          }
          assertThat(records.stats().written()).as("nothing can be written during the outage").isEqualTo(20);
          assertThat(records.stats().queued()).isEqualTo(300);

          proxy = LoopbackProxy.start(port, PostgresTestSchema.HOST, PostgresTestSchema.PORT);
          awaitWritten(records, 320);
          assertThat(records.stats().dropped()).isZero();
          assertThat(records.stats().failed()).isZero();
          for (int i = 0; i < 300; i += 37) {
            assertThat(store.get("during-" + i)).as("during-%d", i).isPresent();
          }
        } finally {
          records.close();
          proxy.close();
        }
      }
    }
  }

  private static void awaitWritten(CallRecords records, long n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (records.stats().written() < n && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(records.stats().written()).as("records written: %s", records.stats()).isEqualTo(n);
  }
}
