package io.hearth.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.testkit.time.ManualClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HangupWatchTest {
  static final String HEAD = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";

  @Test
  void readsIpv4AndIpv6AddressesAsTheKernelPrintsThem() throws Exception {
    assertThat(HangupWatch.address("0100007F")).isEqualTo(InetAddress.getByName("127.0.0.1"));
    assertThat(HangupWatch.address("00000000000000000000000001000000")).isEqualTo(InetAddress.getByName("::1"));
    // ::ffff:127.0.0.1, as a dual-stack socket shows an IPv4 client; Java reports it as IPv4
    assertThat(HangupWatch.address("0000000000000000FFFF00000100007F")).isEqualTo(InetAddress.getByName("127.0.0.1"));
  }

  @Test
  void onlyConnectionsInCloseWaitHaveHungUp() throws Exception {
    String closeWait = "   7: 0100007F:1F90 0100007F:A3B2 08 00000000:00000000 00:00000000 00000000     0        0 0 1";
    String established = "   8: 0100007F:1F90 0100007F:A3B4 01 00000000:00000000 00:00000000 00000000     0        0 9 1";
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    assertThat(HangupWatch.hungUp(closeWait)).contains(new HangupWatch.Connection(loopback, 0x1F90, loopback, 0xA3B2));
    assertThat(HangupWatch.hungUp(established)).isEmpty();
    assertThat(HangupWatch.hungUp(HEAD)).isEmpty();
    assertThat(HangupWatch.hungUp("garbage 08 x y")).isEmpty();
  }

  @Test
  void reportsAWatchedConnectionOnceItsClientHasHungUpAndForgetsEndedWatches(@TempDir Path dir) throws Exception {
    Path table = dir.resolve("tcp");
    Files.writeString(table, HEAD + "\n"
        + "   0: 0100007F:1F90 0100007F:A3B2 01 00000000:00000000 00:00000000 00000000     0        0 0 1\n");
    ManualClock clock = new ManualClock();
    try (HangupWatch watch = new HangupWatch(List.of(table, dir.resolve("absent")), clock).start()) {
      InetSocketAddress server = new InetSocketAddress("127.0.0.1", 0x1F90);
      CompletableFuture<Void> first = new CompletableFuture<>();
      CompletableFuture<Void> ended = new CompletableFuture<>();
      watch.watch(server, new InetSocketAddress("127.0.0.1", 0xA3B2), first);
      watch.watch(server, new InetSocketAddress("127.0.0.1", 0xA3B4), ended).close();
      watch.scan();
      assertThat(first).isNotDone();
      Files.writeString(table, HEAD + "\n"
          + "   0: 0100007F:1F90 0100007F:A3B2 08 00000000:00000000 00:00000000 00000000     0        0 0 1\n"
          + "   1: 0100007F:1F90 0100007F:A3B4 08 00000000:00000000 00:00000000 00000000     0        0 0 1\n");
      clock.awaitPending(1, Duration.ofSeconds(10)); // the scanner waits for its next period
      clock.advance(HangupWatch.PERIOD);
      first.get(5, TimeUnit.SECONDS); // the watch's own scanner finds it
      watch.scan();
      assertThat(ended).isNotDone();
    }
  }
}
