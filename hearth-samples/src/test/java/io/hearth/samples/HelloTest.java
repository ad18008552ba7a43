package io.hearth.samples;

import static io.hearth.fdk.Calls.call;
import static io.hearth.fdk.Calls.send;
import static io.hearth.fdk.Calls.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.fdk.Fdk;
import io.hearth.fdk.FdkServer;
import io.hearth.uds.RequestHead;
import io.hearth.uds.UdsConnection;
import io.hearth.uds.UdsResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HelloTest {
  @TempDir
  Path dir;

  private FdkServer server;
  private UdsConnection connection;

  @BeforeEach
  void start() throws IOException {
    server = Fdk.serve(dir.resolve("lsnr.sock"), Map.of(), Hello::handle);
    connection = UdsConnection.open(server.listener());
  }

  @AfterEach
  void stop() {
    connection.close();
    server.close();
  }

  @Test
  void greetsTheWorldForAnEmptyBody() throws IOException {
    UdsResponse r = send(connection, "");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers().first("Content-Type")).startsWith("text/plain");
    assertThat(text(r)).isEqualTo("Hello, World!");
  }

  @Test
  void greetsATextName() throws IOException {
    assertThat(text(send(connection, "Ada"))).isEqualTo("Hello, Ada!");
    assertThat(text(send(connection, "  Grace Hopper \n"))).isEqualTo("Hello, Grace Hopper!");
    assertThat(text(send(connection, " \n\t"))).isEqualTo("Hello, World!");
  }

  @Test
  void answersJsonWithJson() throws IOException {
    UdsResponse r = send(connection, "{\"name\":\"Ada\"}");
    assertThat(r.headers().first("Content-Type")).isEqualTo("application/json");
    assertThat(text(r)).isEqualTo("{\"message\":\"Hello, Ada!\"}");

    RequestHead typed = call("2");
    typed.headers().add("Content-Type", "application/json; charset=utf-8");
    assertThat(text(send(connection, typed, " { \"age\": [1, {\"name\": \"no\"}], \"name\" : \" \\\"Bo\\\" \" } ")))
        .isEqualTo("{\"message\":\"Hello, \\\"Bo\\\"!\"}");
    assertThat(text(send(connection, typed, ""))).isEqualTo("{\"message\":\"Hello, World!\"}");
    assertThat(text(send(connection, "{\"name\": 42}"))).isEqualTo("{\"message\":\"Hello, World!\"}");
    assertThat(text(send(connection, "{not json"))).isEqualTo("{\"message\":\"Hello, World!\"}");
  }

  @Test
  void capsLongNames() throws IOException {
    String answer = text(send(connection, "x".repeat(10_000)));
    assertThat(answer).isEqualTo("Hello, " + "x".repeat(Hello.MAX_NAME) + "!");
  }
}
