package io.hearth.bench.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The container-call comparison's two callers, without JMH: each makes warm calls on one
 * connection to the function process and gets the function's answer, small and 16 KiB requests
 * alike, so the figures in clients.md come from calls that worked.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClientsSmokeTest {
  static FunctionProcess function;

  @BeforeAll
  static void start() throws Exception {
    function = FunctionProcess.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (function != null) {
      function.close();
    }
  }

  @Test
  void hearthsClientMakesWarmCalls() throws Exception {
    try (ContainerCallBench.Caller c = new ContainerCallBench.HearthCaller(function)) {
      assertCalls(c);
    }
  }

  @Test
  void jettysClientMakesWarmCalls() throws Exception {
    try (ContainerCallBench.Caller c = new ContainerCallBench.JettyCaller(function)) {
      assertCalls(c);
    }
  }

  private static void assertCalls(ContainerCallBench.Caller c) throws Exception {
    for (int size : new int[] {3, 16384, 3}) {
      byte[] body = new byte[size];
      Arrays.fill(body, (byte) 'a');
      String answer = new String(c.call(body), StandardCharsets.UTF_8);
      assertThat(answer).isEqualTo("Hello, " + "a".repeat(Math.min(size, 100)) + "!");
    }
  }
}
