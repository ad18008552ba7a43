package io.hearth.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.docker.DockerDriver;
import io.hearth.docker.OutputListener;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.docker.testing.fn.TickMain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CallLog} fed by {@link DockerDriver#followOutput} from real containers. */
class CallLogIntegrationTest {
  static final Pattern TICK = Pattern.compile("tick (\\d+) ");
  static DockerDriver driver;
  static String tick;
  @TempDir Path tmp;

  @BeforeAll
  static void setUp() {
    driver = TestDocker.driver();
    tick = TestImages.functionImage("tick", TickMain.class.getName(), TickMain.class);
  }

  static List<Integer> ticks(String text) {
    List<Integer> n = new ArrayList<>();
    Matcher m = TICK.matcher(text);
    while (m.find()) {
      n.add(Integer.parseInt(m.group(1)));
    }
    return n;
  }

  @Test
  void eachCallGetsTheLinesWrittenWhileItRan() throws Exception {
    CallLog log = new CallLog(CallLog.DEFAULT_LIMIT, 64 * 1024, Duration.ofMillis(20), System::nanoTime);
    try (TestFnContainer c = TestFnContainer.start(driver, tick, tmp.resolve("a"), Map.of("TICK_MS", "100"),
        log::accept, false)) {
      awaitTail(log, "start-err\n");
      CallLog.Capture a = log.begin("a");
      awaitTicks("call a has 3 ticks", () -> ticks(a.text()), 3);
      a.end();
      // a tick in the tail again: a's linger is over, and no call runs
      int lastOfA = ticks(a.text()).getLast();
      awaitTicks("a tick after call a in the tail", () -> after(lastOfA, ticks(tailText(log))), 1);
      CallLog.Capture b = log.begin("b");
      awaitTicks("call b has 3 ticks", () -> ticks(b.text()), 3);
      b.end();
      int lastOfB = ticks(b.text()).getLast();
      awaitTicks("a tick after call b in the tail (past the linger)", () -> after(lastOfB, ticks(tailText(log))), 1);
      String tail = tailText(log);
      System.out.printf("call a:%n%scall b:%n%scontainer tail:%n%s", a.text(), b.text(), tail);
      List<Integer> inA = ticks(a.text());
      List<Integer> inB = ticks(b.text());
      List<Integer> inTail = ticks(tail);
      assertThat(inA).hasSizeGreaterThanOrEqualTo(3);
      assertThat(inB).hasSizeGreaterThanOrEqualTo(3);
      assertThat(inA.getLast()).isLessThan(inB.getFirst());
      assertThat(tail).contains("start\n", "start-err\n"); // no order between stdout and stderr
      // every tick went to exactly one place, in order within each
      List<Integer> all = Stream.of(inA, inB, inTail).flatMap(List::stream).sorted().toList();
      assertThat(all).doesNotHaveDuplicates();
      assertThat(all).containsSequence(inA).containsSequence(inB);
      int last = all.getLast();
      assertThat(all).containsAll(java.util.stream.IntStream.rangeClosed(0, inB.getLast()).boxed().toList());
      assertThat(a.text() + b.text()).as("stderr lines are kept with the call too").containsPattern("err \\d+\\n");
      assertThat(last).isGreaterThanOrEqualTo(inB.getLast());
    }
  }

  @Test
  void aCallsLogIsCutAtTheLimit() throws Exception {
    CallLog log = new CallLog(1000, 0, Duration.ZERO, System::nanoTime);
    try (TestFnContainer c = TestFnContainer.start(driver, tick, tmp.resolve("b"),
        Map.of("TICK_MS", "5", "TICK_PAD", "100"), log::accept, false)) {
      CallLog.Capture call = log.begin("big");
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (call.writtenBytes() <= 2000 && System.nanoTime() < deadline) {
        Thread.sleep(5); // until the call has written twice its limit
      }
      call.end();
      String text = call.text();
      assertThat(call.writtenBytes()).isGreaterThan(1000);
      assertThat(text).endsWith("\n... truncated " + call.truncatedBytes() + " bytes\n");
      assertThat(text.length()).isLessThanOrEqualTo(1000 + ("\n... truncated " + call.truncatedBytes() + " bytes\n").length());
      assertThat(text.substring(0, 1000)).isEqualTo(new String(call.bytes(), 0, 1000, StandardCharsets.UTF_8));
    }
  }

  /**
   * A function's prints during calls, each call's read once the line arrived (the next call begins
   * after that, which ends the linger): each call gets its own line. Prints how far the output
   * trails the response, which is what {@link CallLog#DEFAULT_LINGER} must cover.
   */
  @Test
  void aFunctionsPrintsLandInTheirCalls() throws Exception {
    int calls = Integer.getInteger("hearth.measure.calls", 50);
    CallLog log = new CallLog(CallLog.DEFAULT_LIMIT, 4096, Duration.ofSeconds(30), System::nanoTime);
    Map<String, Long> arrived = new ConcurrentHashMap<>();
    OutputListener timed = (stream, buffer, offset, length) -> {
      long at = System.nanoTime();
      String text = new String(buffer, offset, length, StandardCharsets.UTF_8).strip();
      log.accept(stream, buffer, offset, length); // before it is marked arrived: the test then reads the capture
      arrived.putIfAbsent(text, at);
    };
    long[] lag = new long[calls];
    try (TestFnContainer c = TestFnContainer.start(driver, TestFnContainer.testFnImage(), tmp.resolve("f"), Map.of(),
        timed, true)) {
      for (int i = 0; i < 20; i++) {
        c.call("echo\nwarm");
      }
      for (int i = 0; i < calls; i++) {
        CallLog.Capture cap = log.begin("call-" + i);
        String kind = i % 2 == 0 ? "stdout" : "stderr";
        assertThat(c.call(kind + " line " + i)).isEqualTo("200 ok");
        long answered = System.nanoTime();
        cap.end();
        long deadline = answered + 10_000_000_000L;
        while (!arrived.containsKey("line " + i) && System.nanoTime() < deadline) {
          Thread.sleep(1);
        }
        assertThat(cap.text()).isEqualTo("line " + i + "\n");
        lag[i] = arrived.get("line " + i) - answered;
      }
    }
    long[] sorted = lag.clone();
    Arrays.sort(sorted);
    long late = Arrays.stream(lag).filter(x -> x > 0).count();
    System.out.printf("output vs response over %d calls: %d arrived after the response; arrival minus response "
            + "median %.0f us, p99 %.0f us, max %.0f us (load average %s)%n", calls, late, sorted[calls / 2] / 1e3,
        sorted[(int) Math.ceil(calls * 0.99) - 1] / 1e3, sorted[calls - 1] / 1e3,
        java.nio.file.Files.readString(Path.of("/proc/loadavg")).strip());
  }

  private static String tailText(CallLog log) {
    return new String(log.tail(), StandardCharsets.UTF_8);
  }

  private static List<Integer> after(int tick, List<Integer> ticks) {
    return ticks.stream().filter(t -> t > tick).toList();
  }

  /** Waits, 30 s at most, until {@code ticks} has at least {@code n} ticks. */
  static void awaitTicks(String what, java.util.function.Supplier<List<Integer>> ticks, int n)
      throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (ticks.get().size() < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(ticks.get()).as(what).hasSizeGreaterThanOrEqualTo(n);
  }

  static void awaitTail(CallLog log, String text) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!new String(log.tail(), StandardCharsets.UTF_8).contains(text) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(new String(log.tail(), StandardCharsets.UTF_8)).contains(text);
  }
}
