package io.hearth.fdk;

import static io.hearth.fdk.Calls.call;
import static io.hearth.fdk.Calls.send;
import static io.hearth.fdk.Calls.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.fdk.testing.RawConnection;
import io.hearth.uds.UdsConnection;
import io.hearth.uds.UdsResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawConnectionTest {
  @TempDir
  Path dir;

  private FdkServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aRawResponseReplacesTheFdksAndKeepsTheConnection() throws IOException {
    server = Fdk.serve(dir.resolve("lsnr.sock"), Map.of(), (call, response) -> {
      if (call.callId().equals("raw")) {
        OutputStream out = RawConnection.of(response).rawOutput();
        out.write("HTTP/1.1 504 Gateway Timeout\r\nContent-Length: 3\r\n\r\nlat".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(response::body).isInstanceOf(IllegalStateException.class);
      } else {
        response.send("normal");
      }
    });
    try (UdsConnection c = UdsConnection.open(server.listener())) {
      UdsResponse r = send(c, call("raw"), "");
      assertThat(r.status()).isEqualTo(504);
      assertThat(r.headers().contains("Fn-Fdk-Version")).isFalse();
      assertThat(text(r)).isEqualTo("lat");
      assertThat(text(send(c, call("next"), ""))).isEqualTo("normal");
    }
  }

  @Test
  void closingTheConnectionLeavesTheCallUnanswered() throws IOException {
    server = Fdk.serve(dir.resolve("lsnr.sock"), Map.of(), (call, response) -> {
      if (call.callId().equals("close")) {
        RawConnection.of(response).closeConnection();
      } else {
        response.send("normal");
      }
    });
    try (UdsConnection c = UdsConnection.open(server.listener())) {
      assertThatThrownBy(() -> send(c, call("close"), "")).isInstanceOf(IOException.class);
    }
    try (UdsConnection c = UdsConnection.open(server.listener())) {
      assertThat(text(send(c, call("next"), ""))).isEqualTo("normal");
    }
  }

  @Test
  void refusesRawOutputOnceCommitted() throws IOException {
    server = Fdk.serve(dir.resolve("lsnr.sock"), Map.of(), (call, response) -> {
      response.body().write('x');
      response.body().flush();
      try {
        RawConnection.of(response).rawOutput();
      } catch (IllegalStateException e) {
        response.body().write('!');
      }
    });
    try (UdsConnection c = UdsConnection.open(server.listener())) {
      assertThat(text(send(c, call("1"), ""))).isEqualTo("x!");
    }
  }
}
