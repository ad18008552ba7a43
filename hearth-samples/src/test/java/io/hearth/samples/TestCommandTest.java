package io.hearth.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.samples.TestCommand.Header;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestCommandTest {

  @Test
  void parsesEveryCommand() {
    assertThat(TestCommand.parse("echo")).isEqualTo(new TestCommand.Echo());
    assertThat(TestCommand.parse("sleep 250")).isEqualTo(new TestCommand.Sleep(250));
    assertThat(TestCommand.parse("status 201")).isEqualTo(new TestCommand.Status(201, List.of()));
    assertThat(TestCommand.parse("status 302 Location:/x  Fn-Http-H-A:b:c")).isEqualTo(
        new TestCommand.Status(302, List.of(new Header("Location", "/x"), new Header("Fn-Http-H-A", "b:c"))));
    assertThat(TestCommand.parse("raw-status 502")).isEqualTo(new TestCommand.RawStatus(502));
    assertThat(TestCommand.parse("write 10485760")).isEqualTo(new TestCommand.Write(10_485_760));
    assertThat(TestCommand.parse("alloc 256")).isEqualTo(new TestCommand.Alloc(256));
    assertThat(TestCommand.parse("crash")).isEqualTo(new TestCommand.Crash());
    assertThat(TestCommand.parse("exit 137")).isEqualTo(new TestCommand.Exit(137));
    assertThat(TestCommand.parse("exit 0")).isEqualTo(new TestCommand.Exit(0));
    assertThat(TestCommand.parse("garbage")).isEqualTo(new TestCommand.Garbage());
    assertThat(TestCommand.parse("close")).isEqualTo(new TestCommand.Close());
    assertThat(TestCommand.parse("env FN_MEMORY")).isEqualTo(new TestCommand.Env("FN_MEMORY"));
    assertThat(TestCommand.parse("headers")).isEqualTo(new TestCommand.Headers());
    assertThat(TestCommand.parse("stdout  two spaces kept ")).isEqualTo(new TestCommand.Print(false, " two spaces kept "));
    assertThat(TestCommand.parse("stderr oops")).isEqualTo(new TestCommand.Print(true, "oops"));
    assertThat(TestCommand.parse("stdout")).isEqualTo(new TestCommand.Print(false, ""));
    assertThat(TestCommand.parse("threads 60")).isEqualTo(new TestCommand.Threads(60));
  }

  @Test
  void refusesBadArguments() {
    for (String line : List.of("", "  ", "nope", "ECHO", "echo extra", "sleep", "sleep -1", "sleep x",
        "status", "status 99", "status 600", "status 200 NoColon", "status 200 :v",
        "raw-status 199", "raw-status 1000", "write -5", "alloc 0", "alloc 1048577", "alloc lots",
        "exit", "exit -1", "exit 256", "exit 1.5", "env", "env A B", "threads 0", "threads 10001", "crash now")) {
      assertThat(TestCommand.parse(line)).as(line).isInstanceOf(TestCommand.Invalid.class);
    }
    assertThat(TestCommand.parse("alloc 0")).isEqualTo(new TestCommand.Invalid("alloc: megabytes must be 1..1048576, got 0"));
    assertThat(TestCommand.parse("exit 256")).isEqualTo(new TestCommand.Invalid("exit: an exit code must be 0..255, got 256"));
  }

  @Test
  void readsTheFirstLineOnly() throws IOException {
    InputStream in = new ByteArrayInputStream("sleep 5\r\npayload\nmore".getBytes(StandardCharsets.UTF_8));
    assertThat(TestFn.firstLine(in)).isEqualTo("sleep 5");
    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("payload\nmore");
    assertThat(TestFn.firstLine(new ByteArrayInputStream(new byte[0]))).isEmpty();
    assertThat(TestFn.firstLine(new ByteArrayInputStream("x".repeat(TestFn.MAX_LINE + 1).getBytes()))).isNull();
  }

  @Test
  void theReadmeDocumentsEveryCommand() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    assertThat(TestFn.commands()).hasSize(16);
    for (String command : TestFn.commands()) {
      assertThat(readme).as(command).contains("`" + command);
    }
    for (String variable : List.of("TESTFN_INIT_SLEEP_MS", "TESTFN_INIT_EXIT", "TESTFN_NO_SOCKET", "TESTFN_BAD_SYMLINK")) {
      assertThat(readme).contains(variable);
    }
  }
}
