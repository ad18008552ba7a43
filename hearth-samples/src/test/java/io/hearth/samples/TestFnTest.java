package io.hearth.samples;

import io.hearth.fdk.Calls;

import static io.hearth.fdk.Calls.call;
import static io.hearth.fdk.Calls.send;
import static io.hearth.fdk.Calls.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.fdk.Fdk;
import io.hearth.fdk.FdkServer;
import io.hearth.uds.HttpProtocolException;
import io.hearth.uds.RequestHead;
import io.hearth.uds.UdsConnection;
import io.hearth.uds.UdsResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every TestFn command answered over a real socket, except the process-ending ones, which only record. */
@Timeout(60)
class TestFnTest {
  private static final long TEN_MB = 10L * 1024 * 1024;

  @TempDir
  Path dir;

  private final List<Integer> halts = new CopyOnWriteArrayList<>();
  private FdkServer server;
  private UdsConnection connection;

  @BeforeEach
  void start() throws IOException {
    server = Fdk.serve(dir.resolve("lsnr.sock"), Map.of("MY_CONFIG", "configured"), new TestFn(halts::add));
    connection = UdsConnection.open(server.listener());
  }

  @AfterEach
  void stop() {
    connection.close();
    server.close();
  }

  private String answer(String body) throws IOException {
    UdsResponse r = send(connection, body);
    assertThat(r.status()).isEqualTo(200);
    return text(r);
  }

  @Test
  void echoesThePayload() throws IOException {
    assertThat(answer("echo\nline one\nline two\n")).isEqualTo("line one\nline two\n");
    assertThat(answer("echo\r\n\u00e9\u0000")).isEqualTo("\u00e9\u0000");
    assertThat(answer("echo")).isEmpty();
  }

  @Test
  void echoesTenMegabytesStreaming() throws Exception {
    long echoed = Calls.duplex(server.listener(), "echo", Calls.pattern(TEN_MB), body -> {
      try {
        return Calls.checkPattern(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    assertThat(echoed).isEqualTo(TEN_MB);
  }

  @Test
  void sleeps() throws IOException {
    long start = System.nanoTime();
    assertThat(answer("sleep 50")).isEqualTo("slept 50");
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(50_000_000L);
  }

  @Test
  void answersATriggerStatusWithHeaders() throws IOException {
    UdsResponse r = send(connection, "status 404 X-Plain:one Fn-Http-H-X-Trigger:two X-Plain:three");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers().first("Fn-Http-Status")).isEqualTo("404");
    assertThat(r.headers().all("X-Plain")).containsExactly("one", "three");
    assertThat(r.headers().first("Fn-Http-H-X-Trigger")).isEqualTo("two");
    assertThat(text(r)).isEqualTo("status 404");
  }

  @Test
  void answersARawStatusAndKeepsTheConnection() throws IOException {
    for (int code : new int[] {502, 504, 418, 200, 204}) {
      UdsResponse r = send(connection, "raw-status " + code);
      assertThat(r.status()).isEqualTo(code);
      assertThat(r.headers().contains("Fn-Fdk-Version")).isFalse();
      assertThat(text(r)).isEqualTo(code == 204 ? "" : "raw-status " + code);
    }
    assertThat(answer("echo\nstill here")).isEqualTo("still here");
  }

  @Test
  void writesThePattern() throws IOException {
    try (UdsResponse r = send(connection, "write 1000003")) {
      assertThat(r.headers().first("Content-Length")).isEqualTo("1000003");
      assertThat(Calls.checkPattern(r.body())).isEqualTo(1_000_003);
    }
    try (UdsResponse r = send(connection, "write " + TEN_MB)) {
      assertThat(Calls.checkPattern(r.body())).isEqualTo(TEN_MB);
    }
    assertThat(answer("write 0")).isEmpty();
    assertThat(answer("write 30")).isEqualTo("abcdefghijklmnopqrstuvwxyzabcd");
  }

  @Test
  void allocatesNativeMemory() throws IOException {
    assertThat(answer("alloc 8")).isEqualTo("allocated 8");
  }

  @Test
  void crashesInto502AndCarriesOn() throws IOException {
    UdsResponse r = send(connection, "crash");
    assertThat(r.status()).isEqualTo(502);
    assertThat(text(r)).contains("crash requested");
    assertThat(answer("echo\nok")).isEqualTo("ok");
  }

  @Test
  void exitsWithTheCode() throws IOException {
    answer("exit 3");
    assertThat(halts).containsExactly(3);
  }

  @Test
  void writesGarbageAndHangsUp() {
    assertThatThrownBy(() -> send(connection, "garbage")).isInstanceOf(HttpProtocolException.class);
  }

  @Test
  void closesWithoutAnswer() throws IOException {
    assertThatThrownBy(() -> send(connection, "close")).isInstanceOf(IOException.class);
    try (UdsConnection again = UdsConnection.open(server.listener())) {
      assertThat(text(send(again, "echo\nnext"))).isEqualTo("next");
    }
  }

  @Test
  void answersConfiguration() throws IOException {
    assertThat(answer("env MY_CONFIG")).isEqualTo("configured");
    assertThat(answer("env NOT_SET_ANYWHERE")).isEmpty();
  }

  @Test
  void listsTheRequestHeaders() throws IOException {
    RequestHead head = call("call-7");
    head.headers().add("X-Test", "yes");
    String headers = text(send(connection, head, "headers"));
    assertThat(headers.lines()).contains("Fn-Call-Id: call-7", "X-Test: yes", "Fn-Deadline: " + Calls.DEADLINE);
  }

  @Test
  void printsToStdoutAndStderr() throws IOException {
    assertThat(answer("stdout hello out")).isEqualTo("ok");
    assertThat(answer("stderr hello err")).isEqualTo("ok");
  }

  @Test
  void startsThreads() throws IOException {
    assertThat(answer("threads 5")).isEqualTo("started 5 of 5");
  }

  @Test
  void answers400WithTheCommandsForAnythingElse() throws IOException {
    for (String body : new String[] {"", "dance", "sleep soon", "exit 300", "alloc 0"}) {
      UdsResponse r = send(connection, body);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.headers().first("Fn-Http-Status")).isEqualTo("400");
      assertThat(text(r)).contains(TestCommand.USAGE);
    }
    assertThat(halts).isEmpty();
  }
}
