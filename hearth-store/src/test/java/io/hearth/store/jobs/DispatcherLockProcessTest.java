package io.hearth.store.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.store.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dispatcher lock across processes on the local PostgreSQL (skipped when it is not reachable):
 * another JVM holds it, this one cannot take it; the holder is killed -9 (its socket closed by the
 * kernel, as when an api node dies) and this one's next tries take it within seconds.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DispatcherLockProcessTest {

  @RegisterExtension static final TestDatabase DB = TestDatabase.postgres();

  @Test
  void whenTheHoldingProcessIsKilledAnotherTakesTheLock() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process holder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
        LockHolderMain.class.getName(), DB.config().url(), DB.config().user() == null ? "" : DB.config().user()))
        .redirectErrorStream(true).start();
    try (PgDispatcherLock mine = new PgDispatcherLock(DB.config())) {
      BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      String line;
      do {
        line = out.readLine();
      } while (line != null && !line.equals("held") && !line.equals("not held"));
      assertThat(line).as("the other process took the lock").isEqualTo("held");
      assertThat(mine.tryHold()).isFalse();

      long killed = System.nanoTime();
      holder.destroyForcibly(); // SIGKILL: no close, no unlock; the kernel closes its socket
      assertThat(holder.waitFor(20, TimeUnit.SECONDS)).isTrue();
      boolean held = false;
      for (int i = 0; i < 200 && !held; i++) { // 20 s at most
        held = mine.tryHold();
        if (!held) {
          Thread.sleep(100);
        }
      }
      assertThat(held).as("taken after the holder died").isTrue();
      System.out.printf("dispatcher lock taken %.0f ms after the holder was killed -9%n",
          (System.nanoTime() - killed) / 1e6);
    } finally {
      holder.destroyForcibly();
      holder.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
