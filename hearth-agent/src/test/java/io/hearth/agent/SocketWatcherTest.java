package io.hearth.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.testkit.time.ManualClock;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketWatcherTest {
  @TempDir Path dir;
  final ManualClock clock = new ManualClock();

  @Test
  void wakesWhenTheListenerAppearsAfterRegistration() throws Exception {
    try (SocketWatcher watcher = new SocketWatcher(clock, clock);
        SocketWatcher.Registration reg = watcher.register(dir);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      CountDownLatch waiting = new CountDownLatch(1);
      Thread creator = Thread.ofVirtual().start(() -> {
        try {
          waiting.await();
          server.bind(UnixDomainSocketAddress.of(dir.resolve("tmp123.sock")));
          Files.createSymbolicLink(dir.resolve("tmp-link"), Path.of("tmp123.sock"));
          Files.move(dir.resolve("tmp-link"), dir.resolve("lsnr.sock")); // as the FDKs do: rename into place
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      waiting.countDown();
      SocketRules.Check check = reg.await(Duration.ofSeconds(10), () -> false);
      creator.join();
      assertThat(check).isEqualTo(new SocketRules.Check.Ready(dir.resolve("tmp123.sock")));
    }
  }

  @Test
  void reportsNotYetWhenTimeRunsOut() throws Exception {
    try (SocketWatcher watcher = new SocketWatcher(clock, clock); SocketWatcher.Registration reg = watcher.register(dir)) {
      CompletableFuture<SocketRules.Check> check = new CompletableFuture<>();
      Thread.ofVirtual().start(() -> {
        try {
          check.complete(reg.await(Duration.ofMillis(300), () -> false));
        } catch (InterruptedException e) {
          check.completeExceptionally(e);
        }
      });
      clock.awaitPending(1, Duration.ofSeconds(10)); // the waiter armed its deadline
      clock.advance(Duration.ofMillis(299));
      assertThat(check).isNotDone();
      clock.advance(Duration.ofMillis(1));
      assertThat(check.get(10, TimeUnit.SECONDS)).isInstanceOf(SocketRules.Check.NotYet.class);
    }
  }

  @Test
  void stopsWaitingWhenTheContainerIsGone() throws Exception {
    try (SocketWatcher watcher = new SocketWatcher(clock, clock); SocketWatcher.Registration reg = watcher.register(dir)) {
      AtomicBoolean gone = new AtomicBoolean();
      Thread.ofVirtual().start(() -> {
        gone.set(true);
        reg.wake();
      });
      SocketRules.Check check = reg.await(Duration.ofMinutes(5), gone::get);
      assertThat(check).isInstanceOf(SocketRules.Check.NotYet.class);
      assertThat(gone).isTrue();
    }
  }

  @Test
  void anInvalidListenerEndsTheWaitAtOnce() throws Exception {
    try (SocketWatcher watcher = new SocketWatcher(clock, clock); SocketWatcher.Registration reg = watcher.register(dir)) {
      Files.createSymbolicLink(dir.resolve("lsnr.sock"), Path.of("/tmp/elsewhere.sock"));
      SocketRules.Check check = reg.await(Duration.ofMinutes(5), () -> false);
      assertThat(check).isInstanceOf(SocketRules.Check.Invalid.class);
    }
  }
}
