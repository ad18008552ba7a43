package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.cli.Cli;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.fdk.Fdk;
import io.hearth.samples.TestFn;
import io.hearth.uds.HttpWire;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The hearth CLI, run in-process with its arguments, against a real node on a free port. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CliIntegrationTest {
  static TestServer node;
  static String image;

  @TempDir Path dir;

  record Run(int code, String out, String err) {
    JsonNode json() throws Exception {
      return TestServer.JSON.readTree(out);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    TestDocker.driver();
    image = TestImages.functionImage("testfn", TestFn.class.getName(), TestFn.class, Fdk.class, HttpWire.class);
    node = TestServer.start(Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  static Run cli(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Cli.run(args, Map.of("HEARTH_URL", node.url("")),
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static Run ok(String... args) {
    Run r = cli("", args);
    assertThat(r.code()).as("hearth %s: %s", String.join(" ", args), r.err()).isZero();
    return r;
  }

  @Test
  void appsAndFunctionsFromCreateToDelete() throws Exception {
    assertThat(ok("apps", "create", "cli-apps", "--config", "A=1").out()).startsWith("created app cli-apps (");
    assertThat(ok("apps", "list").out()).contains("NAME").contains("cli-apps");
    JsonNode listed = ok("apps", "list", "--json").json();
    assertThat(listed.isArray()).isTrue();
    assertThat(ok("apps", "get", "cli-apps").json().get("config").get("A").asText()).isEqualTo("1");
    ok("apps", "update", "cli-apps", "--config", "A=", "--config", "B=2");
    assertThat(ok("apps", "get", "cli-apps").json().get("config").toString()).isEqualTo("{\"B\":\"2\"}");

    ok("fns", "create", "cli-apps", "f1", "--image", image, "--memory", "96");
    assertThat(ok("fns", "list", "cli-apps").out()).contains("f1").contains(image).contains("96");
    ok("fns", "update", "cli-apps", "f1", "--timeout", "5");
    JsonNode fn = ok("fns", "get", "cli-apps", "f1").json();
    assertThat(fn.get("timeout").asInt()).isEqualTo(5);
    assertThat(fn.get("memory").asInt()).isEqualTo(96);

    Run missing = cli("", "fns", "get", "cli-apps", "nope");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("function 'nope' not found in app 'cli-apps'");
    assertThat(cli("", "fns", "create", "cli-apps", "noimage").code()).isEqualTo(2);
    Run duplicate = cli("", "apps", "create", "cli-apps");
    assertThat(duplicate.code()).isEqualTo(1);
    assertThat(duplicate.err()).contains("already exists").contains("(409)");

    assertThat(ok("fns", "delete", "cli-apps", "f1").out()).contains("deleted function cli-apps/f1");
    assertThat(ok("apps", "delete", "cli-apps").out()).contains("deleted app cli-apps");
    assertThat(cli("", "apps", "get", "cli-apps").code()).isEqualTo(1);
  }

  @Test
  void invokeTriggersCallsAndLogs() throws Exception {
    ok("apps", "create", "cli-calls");
    ok("fns", "create", "cli-calls", "echo", "--image", image);
    assertThat(ok("invoke", "cli-calls", "echo", "--data", "echo\nhello").out()).isEqualTo("hello");
    Run fromStdin = cli("echo\nfrom stdin", "invoke", "cli-calls", "echo", "--show-call-id");
    assertThat(fromStdin.code()).isZero();
    assertThat(fromStdin.out()).isEqualTo("from stdin");
    String callId = fromStdin.err().strip().replace("call id: ", "");
    assertThat(callId).hasSize(26);
    Run crash = cli("", "invoke", "cli-calls", "echo", "--data", "crash");
    assertThat(crash.code()).isEqualTo(1);
    assertThat(crash.err()).contains("function failed");
    String detachedId = ok("invoke", "cli-calls", "echo", "--detached", "--data", "echo\naway").out().strip();
    assertThat(detachedId).as("a detached call prints its id").hasSize(26);

    ok("triggers", "create", "cli-calls", "echo", "hook", "--source", "/hook");
    assertThat(ok("triggers", "list", "cli-calls").out()).contains("hook").contains("/hook").contains("echo");
    ok("triggers", "update", "cli-calls", "echo", "hook", "--source", "/hook2");
    assertThat(ok("triggers", "get", "cli-calls", "echo", "hook").json().get("source").asText()).isEqualTo("/hook2");
    ok("triggers", "delete", "cli-calls", "echo", "hook");
    assertThat(ok("triggers", "list", "cli-calls", "echo", "--json").json()).isEmpty();

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // generous: a wait, not a speed test
    JsonNode page;
    do {
      page = ok("calls", "list", "cli-calls", "echo", "--json").json();
    } while (page.get("items").size() < 4 && System.nanoTime() < deadline);
    assertThat(page.get("items")).hasSize(4);
    assertThat(ok("calls", "get", "cli-calls", "echo", detachedId).json().get("status").asText()).isEqualTo("success");
    assertThat(ok("calls", "list", "cli-calls", "echo").out()).contains("STATUS").contains("success")
        .contains("error").contains("function failed");
    assertThat(ok("calls", "get", "cli-calls", "echo", callId).json().get("status").asText()).isEqualTo("success");
    assertThat(cli("", "calls", "log", "cli-calls", "echo", callId).code()).isZero();
    assertThat(ok("calls", "list", "cli-calls", "echo", "--from", "2001-01-01T00:00:00Z", "--to", "1000000000",
        "--json").json().get("items")).isEmpty();
    assertThat(cli("", "calls", "list", "cli-calls", "echo", "--from", "yesterday").code()).isEqualTo(2);
    assertThat(cli("", "calls", "get", "cli-calls", "echo", "01NOSUCHCALL0000000000000").err())
        .contains("Call not found");
  }

  @Test
  void nodeStatusPrintsTheNodeOrSaysWhyNot() throws Exception {
    Run r = cli("", "node", "status");
    if (r.code() == 0) {
      assertThat(r.json().isObject()).isTrue();
    } else {
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).contains("GET /v2/node answered 404");
    }
  }

  @Test
  void deployCreatesThenChangesNothingThenUpdates() throws Exception {
    Path file = dir.resolve("hearth.yaml");
    Files.writeString(file, """
        app:
          name: cli-deploy
          config:
            LEVEL: info
        functions:
          - name: upper
            image: %s
            memory: 128
            triggers:
              - name: upper
                source: /upper
          - name: lower
            image: %s
        """.formatted(image, image));
    Run first = ok("deploy", "-f", file.toString());
    assertThat(first.out()).contains("app      cli-deploy              created")
        .contains("fn       cli-deploy/upper        created").contains("trigger  cli-deploy/upper/upper  created")
        .contains("cli-deploy/lower        created");
    JsonNode again = ok("deploy", "-f", file.toString(), "--json").json();
    assertThat(again).hasSize(4).allSatisfy(step -> assertThat(step.get("action").asText()).isEqualTo("unchanged"));

    Files.writeString(file, Files.readString(file).replace("memory: 128", "memory: 256")
        .replace("LEVEL: info", "LEVEL: debug").replace("source: /upper", "source: /up"));
    JsonNode changed = ok("deploy", "-f", file.toString(), "--json").json();
    assertThat(changed).extracting(s -> s.get("name").asText() + " " + s.get("action").asText())
        .containsExactly("cli-deploy updated", "cli-deploy/upper updated", "cli-deploy/upper/upper updated",
            "cli-deploy/lower unchanged");
    assertThat(ok("fns", "get", "cli-deploy", "upper").json().get("memory").asInt()).isEqualTo(256);
    assertThat(ok("apps", "get", "cli-deploy").json().get("config").get("LEVEL").asText()).isEqualTo("debug");
    assertThat(ok("invoke", "cli-deploy", "lower", "--data", "echo\ndeployed").out()).isEqualTo("deployed");

    Path bad = Files.writeString(dir.resolve("bad.yaml"), "app: x\nfunctions:\n  - name: f\n");
    Run refused = cli("", "deploy", "-f", bad.toString());
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("functions[0].image is missing");
  }

  @Test
  void deployTakesFnsFuncYamlAndAppYamlWithFnApiUrl() throws Exception {
    Files.writeString(dir.resolve("app.yaml"), "name: cli-fn-app\nconfig:\n  REGION: eu\nannotations:\n  owner: ops\n");
    Path fnDir = Files.createDirectory(dir.resolve("echo"));
    Files.writeString(fnDir.resolve("func.yaml"), """
        schema_version: 20180708
        name: echo
        version: 0.0.1
        runtime: java
        cmd: com.example.fn.HelloFunction::handleRequest
        image: %s
        memory: 192
        timeout: 20
        idle_timeout: 40
        config:
          GREETING: hi
        annotations:
          team: platform
        triggers:
        - name: echo
          type: http
          source: /echo
        """.formatted(image));
    Map<String, String> fnEnv = Map.of("FN_API_URL", node.url("")); // Fn's variable only
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Cli.run(new String[] {"deploy", "-f", dir.resolve("app.yaml").toString(), "--json"}, fnEnv,
        new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    JsonNode fn = ok("fns", "get", "cli-fn-app", "echo").json();
    assertThat(fn.get("memory").asInt()).isEqualTo(192);
    assertThat(fn.get("timeout").asInt()).isEqualTo(20);
    assertThat(fn.get("idle_timeout").asInt()).isEqualTo(40);
    assertThat(fn.get("config").get("GREETING").asText()).isEqualTo("hi");
    assertThat(fn.get("annotations").get("team").asText()).isEqualTo("platform");
    JsonNode app = ok("apps", "get", "cli-fn-app").json();
    assertThat(app.get("config").get("REGION").asText()).isEqualTo("eu");
    assertThat(app.get("annotations").get("owner").asText()).isEqualTo("ops");
    Run again = ok("deploy", "-f", fnDir.resolve("func.yaml").toString(), "--json"); // its app from ../app.yaml
    assertThat(again.json()).hasSize(3).allSatisfy(s -> assertThat(s.get("action").asText()).isEqualTo("unchanged"));
    assertThat(ok("invoke", "cli-fn-app", "echo", "--data", "echo\nfrom func.yaml").out()).isEqualTo("from func.yaml");
  }
}
