package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.cli.Cli;
import io.hearth.client.Alloc;
import io.hearth.client.AllocRequest;
import io.hearth.client.AllocsClient;
import io.hearth.client.Granted;
import io.hearth.client.LeaseKeeper;
import io.hearth.client.LeaseLost;
import io.hearth.core.ledger.Resources;
import io.hearth.core.time.Clock;
import io.hearth.core.time.TimerThread;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code hearth allocs} and the {@link LeaseKeeper} against a real node on the real engine: the README's
 * worked example (two execs passing a file through /alloc), and a lease kept alive until freed.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AllocsCliIntegrationTest {
  static TestServer node;
  static String busybox;

  record Run(int code, String out, String err) {
    JsonNode json() throws Exception {
      return TestServer.JSON.readTree(out);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    TestDocker.driver();
    busybox = TestImages.busybox();
    node = TestServer.start(Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  static Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Cli.run(args, Map.of("HEARTH_URL", node.url("")), new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void twoExecsPassAFileThroughAlloc() throws Exception {
    Run created = cli("allocs", "create", "--memory", "128Mi", "--cpus", "0.5", "--disk", "64Mi", "--owner", "cli-test",
        "-q");
    assertThat(created.code()).as(created.err()).isZero();
    String alloc = created.out().strip();

    Run write = cli("allocs", "exec", alloc, "--image", busybox, "--wait", "--", "sh", "-c", "echo hello > /alloc/greeting");
    assertThat(write.code()).as(write.err()).isZero();
    assertThat(write.err()).contains("succeeded: exit code 0");
    Run read = cli("allocs", "exec", alloc, "--image", busybox, "--wait", "--", "sh", "-c",
        "echo \"read: $(cat /alloc/greeting)\"");
    assertThat(read.code()).as(read.err()).isZero();
    assertThat(read.out()).contains("read: hello");

    Run file = cli("allocs", "files", alloc, "greeting");
    assertThat(file.code()).as(file.err()).isZero();
    assertThat(file.out()).isEqualTo("hello\n");

    Run failing = cli("allocs", "exec", alloc, "--image", busybox, "--wait", "--", "sh", "-c", "exit 3");
    assertThat(failing.code()).as(failing.err()).isEqualTo(3);

    Run got = cli("allocs", "get", alloc, "--json");
    assertThat(got.code()).isZero();
    assertThat(got.json().path("state").asText()).isEqualTo("active");
    assertThat(got.json().path("execs")).hasSize(3);

    Run free = cli("allocs", "free", alloc);
    assertThat(free.code()).as(free.err()).isZero();
    Run late = cli("allocs", "keepalive", alloc);
    assertThat(late.code()).isEqualTo(1);
    assertThat(late.err()).contains("(410)");
  }

  @Test
  void theLeaseKeeperRenewsUntilTheAllocIsFreed() throws Exception {
    AllocsClient api = AllocsClient.create(URI.create(node.url("")), null);
    Alloc alloc = api.create(AllocRequest.of("keeper-test", new Resources(64L << 20, 100))
        .withKeepalive(Duration.ofSeconds(2)));
    CountDownLatch renewed = new CountDownLatch(2);
    CompletableFuture<LeaseLost> lost = new CompletableFuture<>();
    try (TimerThread timer = TimerThread.start("keeper-test");
        LeaseKeeper keeper = LeaseKeeper.hold(LeaseKeeper.Wiring.of(api, Clock.system(), timer), alloc,
            Duration.ofSeconds(2), new LeaseKeeper.Listener() {
              @Override
              public void lost(LeaseLost why) {
                lost.complete(why);
              }

              @Override
              public void renewed(String allocId, Granted granted) {
                renewed.countDown();
              }
            })) {
      assertThat(renewed.await(60, TimeUnit.SECONDS)).as("two renewals").isTrue();
      assertThat(api.get(alloc.id()).state()).isEqualTo(Alloc.State.ACTIVE);
      api.free(alloc.id());
      LeaseLost why = lost.get(60, TimeUnit.SECONDS);
      assertThat(why).isInstanceOfSatisfying(LeaseLost.Gone.class, g -> assertThat(g.status()).isEqualTo(410));
      assertThat(keeper.state()).isEqualTo(LeaseKeeper.State.LOST);
    }
  }
}
