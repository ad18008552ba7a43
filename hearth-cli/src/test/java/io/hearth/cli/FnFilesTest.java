package io.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fn's func.yaml and app.yaml as Fn's CLI writes them, read as deploy files; FN_API_URL after HEARTH_URL. */
class FnFilesTest {
  /** A func.yaml as `fn init --runtime java` and `fn deploy` leave it, with the fields Hearth deploys. */
  static final String FUNC_YAML = """
      schema_version: 20180708
      name: hello
      version: 0.0.3
      runtime: java
      build_image: fnproject/fn-java-fdk-build:jdk17-1.0.187
      run_image: fnproject/fn-java-fdk:jre17-1.0.187
      cmd: com.example.fn.HelloFunction::handleRequest
      memory: 256
      timeout: 45
      idle_timeout: 60
      config:
        GREETING: hi
      annotations:
        team: platform
      triggers:
      - name: hello
        type: http
        source: /hello
      """;

  @TempDir Path dir;

  @Test
  void funcYamlIsOneFunctionWithFnsFieldsAndTheImageFnsCliWouldTag() throws Exception {
    Path func = Files.writeString(dir.resolve("func.yaml"), FUNC_YAML);
    DeployFile d = FnFiles.func(func, "tools");
    assertThat(d.app()).isEqualTo(new DeployFile.AppSpec("tools", null, null, null));
    assertThat(d.functions()).containsExactly(new DeployFile.FnSpec("hello", "hello:0.0.3", 256, 45, 60,
        Map.of("GREETING", "hi"), Map.of("team", "platform"), List.of(new DeployFile.TriggerSpec("hello", "http",
            "/hello"))));
  }

  @Test
  void anImageGivenIsDeployedAsItIs() throws Exception {
    Path func = Files.writeString(dir.resolve("func.yaml"), "name: up\nimage: my/up:7\n");
    assertThat(FnFiles.func(func, "tools").functions().getFirst().image()).isEqualTo("my/up:7");
  }

  @Test
  void theAppComesFromTheAppYamlAboveAndAppYamlDeploysEveryFunctionBelow() throws Exception {
    Files.writeString(dir.resolve("app.yaml"), "name: shop\nconfig:\n  REGION: eu\nannotations:\n  owner: ops\n");
    Path a = Files.createDirectory(dir.resolve("a"));
    Path b = Files.createDirectory(dir.resolve("b"));
    Files.writeString(a.resolve("func.yaml"), FUNC_YAML);
    Files.writeString(b.resolve("func.yaml"), "name: bye\nimage: x/bye:1\n");
    DeployFile one = FnFiles.func(a.resolve("func.yaml"), null);
    assertThat(one.app().name()).isEqualTo("shop");
    DeployFile all = FnFiles.app(dir.resolve("app.yaml"));
    assertThat(all.app()).isEqualTo(new DeployFile.AppSpec("shop", Map.of("REGION", "eu"), null, null,
        Map.of("owner", "ops")));
    assertThat(all.functions()).extracting(DeployFile.FnSpec::name).containsExactly("hello", "bye");
  }

  @Test
  void mistakesSayWhatToDo() throws Exception {
    Path func = Files.writeString(dir.resolve("func.yaml"), "name: up\n");
    assertThatThrownBy(() -> FnFiles.func(func, "tools")).hasMessageContaining("add 'image:");
    Path noApp = Files.writeString(dir.resolve("func.yml"), "name: up\nimage: a/b:1\n");
    assertThatThrownBy(() -> FnFiles.func(noApp, null)).hasMessageContaining("--app");
    Path typo = Files.writeString(Files.createDirectory(dir.resolve("t")).resolve("func.yaml"),
        "name: up\nimage: a/b:1\nmemroy: 12\n");
    assertThatThrownBy(() -> FnFiles.func(typo, "x")).hasMessageContaining("unknown key 'memroy'");
  }

  @Test
  void fnApiUrlIsHonouredAfterHearthUrl() {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream());
    ClientOptions none = new ClientOptions();
    Context fnOnly = new Context(Map.of("FN_API_URL", "http://127.0.0.1:9999"), new ByteArrayInputStream(new byte[0]),
        sink, sink);
    assertThat(fnOnly.url(none)).isEqualTo("http://127.0.0.1:9999");
    Context both = new Context(Map.of("FN_API_URL", "http://127.0.0.1:9999", "HEARTH_URL", "http://127.0.0.1:7777"),
        new ByteArrayInputStream(new byte[0]), sink, sink);
    assertThat(both.url(none)).isEqualTo("http://127.0.0.1:7777");
    assertThat(new Context(Map.of(), new ByteArrayInputStream(new byte[0]), sink, sink).url(none))
        .isEqualTo(ClientOptions.DEFAULT_URL);
  }
}
