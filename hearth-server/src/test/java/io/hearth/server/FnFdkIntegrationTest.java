package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hearth.agent.ContainerView;
import io.hearth.docker.FnFdkImages;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.fdk.Fdk;
import io.hearth.samples.TestFn;
import io.hearth.uds.HttpWire;
import io.hearth.server.compat.HelloFunction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Functions written on Fn's own FDKs run unmodified and stay warm: many calls in a row from one
 * container. The Java FDK closes its connection after every answer (its answers carry no length),
 * so the agent must dial a new connection per call, as Fn's does; before it did, every warm call
 * failed 502 and the next one started a new container. Its small answers, ended by that close,
 * reach the client with a Content-Length, as through Fn (they went out chunked before).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FnFdkIntegrationTest {
  /** Warm calls in a row from one container; enough to show the pattern, a second or two each FDK. */
  static final int WARM_CALLS = 40;

  static TestServer node;
  static String appId;

  @BeforeAll
  static void start() throws Exception {
    TestDocker.driver(); // skips when no engine answers
    node = TestServer.start(Map.of("HEARTH_KEEPALIVE_POLICY", "per-function"));
    appId = node.app("fn-fdks");
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void javaFdkFunctionServesManyWarmCallsFromOneContainer() throws Exception {
    Path fixture = FnFdkImages.javaFdkFixture().orElse(null);
    assumeTrue(fixture != null, "shared/fixtures/fn-java-fdk (the FDK's native library) is not beside the repository");
    Path fdk = Path.of("target/fn-java-fdk");
    assumeTrue(Files.isDirectory(fdk.resolve("runtime")), "target/fn-java-fdk is missing: Maven copies the FDK's "
        + "jars there in generate-test-resources; run the test through Maven");
    Path appJar = functionJar(HelloFunction.class, Files.createTempDirectory("hearth-fnjava-"));
    List<Path> app = new ArrayList<>(jars(fdk.resolve("app")));
    app.add(appJar);
    String image = FnFdkImages.javaFunction("fn-java-fdk-hello", jars(fdk.resolve("runtime")),
        fixture.resolve("libfnunixsocket.so"), app, HelloFunction.class.getName() + "::handleRequest");
    String fn = node.fn(appId, "java-hello", image, "\"annotations\":{\"hearth.io/init_timeout_ms\":30000}");
    assertWarm("Java FDK", true, fn, "Bars", "Hello, Bars!", i -> "call " + i, i -> "Hello, call " + i + "!");
  }

  @Test
  void nodeFdkFunctionServesManyWarmCallsFromOneContainer() throws Exception {
    Path dir = Files.createTempDirectory("hearth-fnnode-");
    Path script = script("fn-node-fdk.sh");
    Process p = new ProcessBuilder(script.toString(), dir.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean ok = p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
    assumeTrue(ok, "cannot get node and Fn's Node FDK (@fnproject/fdk from npm) with " + script + ":\n" + out);
    String[] lines = out.strip().split("\n");
    Path nodeBinary = Path.of(lines[lines.length - 1].strip());
    Files.writeString(dir.resolve("func.js"), """
        const fdk = require('@fnproject/fdk');
        fdk.handle(function (input) { return 'Hello, ' + input + '!'; }, { inputMode: 'string' });
        """);
    String image = FnFdkImages.nodeFunction("fn-node-fdk-hello", nodeBinary, dir);
    String fn = node.fn(appId, "node-hello", image, null);
    assertWarm("Node FDK", true, fn, "Bars", "Hello, Bars!", i -> "call " + i, i -> "Hello, call " + i + "!");
  }

  @Test
  void hearthFdkFunctionTheSameWayForReference() throws Exception {
    String image = TestImages.functionImage("testfn", TestFn.class.getName(), TestFn.class, Fdk.class, HttpWire.class);
    String fn = node.fn(appId, "hearth-echo", image, null);
    assertWarm("Hearth FDK", false, fn, "echo\nBars", "Bars", i -> "echo\ncall " + i, i -> "call " + i);
  }

  /**
   * A cold call, then {@link #WARM_CALLS} warm ones: every one answered right, all by one container;
   * for a function on Fn's FDKs, each small answer with its Content-Length, as Fn's agent answers.
   */
  private static void assertWarm(String what, boolean fnFdk, String fn, String first, String firstAnswer,
      IntFunction<String> request, IntFunction<String> answer) throws Exception {
    HttpResponse<String> cold = node.invoke(fn, first);
    assertThat(cold.statusCode()).as(what + " cold call: " + cold.body()).isEqualTo(200);
    assertThat(cold.body()).contains(firstAnswer);
    String container = only(fn).id();
    long[] nanos = new long[WARM_CALLS];
    for (int i = 0; i < WARM_CALLS; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> warm = node.invoke(fn, request.apply(i));
      nanos[i] = System.nanoTime() - t0;
      assertThat(warm.statusCode()).as(what + " warm call " + i + ": " + warm.body()).isEqualTo(200);
      assertThat(warm.body()).contains(answer.apply(i));
      assertThat(warm.headers().allValues("Date")).hasSize(1);
      if (fnFdk) { // TestFn's echo streams its answer (chunked), and so it reaches the client
        assertThat(warm.headers().firstValue("Content-Length")).as(what + ": a small answer goes out with its "
            + "length, as from Fn").hasValue(Integer.toString(warm.body().getBytes(StandardCharsets.UTF_8).length));
      }
    }
    ContainerView c = only(fn);
    assertThat(c.id()).isEqualTo(container);
    assertThat(c.calls()).isEqualTo(WARM_CALLS + 1);
    Arrays.sort(nanos);
    System.out.printf("%s: %d warm calls from one container, client-side p50 %.2f ms, max %.2f ms%n", what,
        WARM_CALLS, nanos[WARM_CALLS / 2] / 1e6, nanos[WARM_CALLS - 1] / 1e6);
  }

  private static ContainerView only(String fnId) {
    List<ContainerView> all = node.server.agent().containers().stream().filter(c -> c.fnId().equals(fnId)).toList();
    assertThat(all).hasSize(1);
    return all.getFirst();
  }

  private static List<Path> jars(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    }
  }

  /** A jar of just this class, as a user's function jar would hold it. */
  private static Path functionJar(Class<?> type, Path dir) throws IOException {
    String entry = type.getName().replace('.', '/') + ".class";
    Path jar = dir.resolve("function.jar");
    try (InputStream in = type.getClassLoader().getResourceAsStream(entry);
        OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(out)) {
      j.putNextEntry(new JarEntry(entry));
      in.transferTo(j);
      j.closeEntry();
    }
    return jar;
  }

  private static Path script(String name) {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("scripts").resolve(name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("cannot find scripts/" + name + " above " + Path.of("").toAbsolutePath());
  }
}
