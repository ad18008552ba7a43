package io.hearth.samples;

import io.hearth.fdk.Fdk;
import io.hearth.fdk.FnCall;
import io.hearth.fdk.FnHandler;
import io.hearth.fdk.FnResponse;
import io.hearth.fdk.testing.RawConnection;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * A function for testing the platform: each call's behaviour is chosen by its body. The first line
 * of the body is a command, the rest (after the first {@code \n}) is its payload:
 *
 * <ul>
 *   <li>{@code echo}: 200, streams the payload back unchanged (any size, never buffered whole);
 *   <li>{@code sleep <ms>}: sleeps, then answers {@code slept <ms>};
 *   <li>{@code sleep-host <ms>}: sleeps, then answers the container's {@code HOSTNAME}, which tells
 *       which container served a call that overlapped others;
 *   <li>{@code status <code> [Name:value ...]}: sets {@code Fn-Http-Status: <code>} and each header
 *       as given (a plain response header; write {@code Fn-Http-H-Name:value} for a trigger header),
 *       body {@code status <code>};
 *   <li>{@code raw-status <code>}: writes a raw HTTP response with that status on the connection
 *       (200..999, body {@code raw-status <code>}), bypassing the FDK; the connection stays open;
 *   <li>{@code write <bytes>}: answers that many bytes of {@code abcdefghijklmnopqrstuvwxyz} repeated;
 *   <li>{@code alloc <MB>}: allocates and touches that much native memory (outside the heap), so
 *       that a memory limit gets the container OOM-killed; answers {@code allocated <MB>} if not;
 *   <li>{@code crash}: the handler throws (the FDK answers 502);
 *   <li>{@code exit <code>}: the process halts at once with that exit code, the call in flight;
 *   <li>{@code garbage}: writes bytes that are not HTTP on the connection and closes it;
 *   <li>{@code close}: closes the connection without answering;
 *   <li>{@code env <NAME>}: answers that variable's value (empty body if unset);
 *   <li>{@code headers}: answers the request headers as {@code Name: value} lines;
 *   <li>{@code stdout <text>} / {@code stderr <text>}: prints the text there, answers {@code ok};
 *   <li>{@code threads <n>}: starts up to n sleeping platform threads at once (a pids limit stops
 *       it), answers {@code started <k> of <n>}, plus {@code failed: <error>} on a second line;
 *   <li>an empty body or unknown command: {@code Fn-Http-Status: 400} and the list of commands.
 * </ul>
 *
 * Start-up misbehaviours are chosen by environment variables, see {@link InitFaults}. The raw
 * commands reach the connection through the FDK's test-only {@link RawConnection}.
 *
 * <p>Stateless: calls may run on any thread, concurrently; {@code threads} and {@code alloc} release
 * what they took before answering.
 */
public final class TestFn implements FnHandler {
  /** Longest command line; {@code stdout <text>} is the only long one. */
  static final int MAX_LINE = 64 * 1024;
  private static final byte[] ALPHABET = "abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);

  private final IntConsumer halt;

  /**
   * A TestFn whose {@code exit} command calls {@code halt}. {@link #main} passes
   * {@code Runtime.halt}; tests that serve TestFn in-process (with {@code Fdk.serve}) pass a
   * recorder, so that {@code exit} does not end the test JVM.
   */
  public TestFn(IntConsumer halt) {
    this.halt = halt;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    InitFaults faults;
    try {
      faults = InitFaults.parse(env);
    } catch (IllegalArgumentException e) {
      System.err.println("testfn: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (faults.sleepMillis() > 0) {
      Thread.sleep(faults.sleepMillis());
    }
    if (faults.exitCode() >= 0) {
      System.err.println("testfn: TESTFN_INIT_EXIT=" + faults.exitCode() + ": exiting during init");
      System.exit(faults.exitCode());
    }
    if (faults.noSocket()) {
      System.err.println("testfn: TESTFN_NO_SOCKET: never listening");
      sleepForever();
    }
    if (faults.badSymlink()) {
      String listener = env.getOrDefault("FN_LISTENER", "");
      if (!listener.startsWith("unix:/")) {
        System.err.println("testfn: TESTFN_BAD_SYMLINK needs FN_LISTENER=unix:/dir/lsnr.sock");
        System.exit(2);
      }
      try (var socket = InitFaults.publishBadSymlink(Path.of(listener.substring(5)), InitFaults.OUTSIDE)) {
        System.err.println("testfn: TESTFN_BAD_SYMLINK: lsnr.sock points to " + InitFaults.OUTSIDE);
        sleepForever();
      }
    }
    Fdk.handle(new TestFn(code -> Runtime.getRuntime().halt(code)));
  }

  private static void sleepForever() throws InterruptedException {
    while (true) {
      Thread.sleep(Long.MAX_VALUE);
    }
  }

  @Override
  public void handle(FnCall call, FnResponse response) throws Exception {
    InputStream in = new BufferedInputStream(call.body(), 8192);
    String line = firstLine(in);
    TestCommand command = line == null
        ? new TestCommand.Invalid("the first line is longer than " + MAX_LINE + " bytes")
        : TestCommand.parse(line);
    switch (command) {
      case TestCommand.Echo e -> {
        response.contentType("application/octet-stream");
        try (OutputStream out = response.body()) {
          in.transferTo(out);
        }
      }
      case TestCommand.Sleep s -> {
        Thread.sleep(s.millis());
        text(response, "slept " + s.millis());
      }
      case TestCommand.SleepHost s -> {
        Thread.sleep(s.millis());
        text(response, System.getenv().getOrDefault("HOSTNAME", ""));
      }
      case TestCommand.Status s -> {
        response.status(s.code());
        for (TestCommand.Header h : s.headers()) {
          response.addHeader(h.name(), h.value());
        }
        text(response, "status " + s.code());
      }
      case TestCommand.RawStatus r -> rawStatus(response, r.code());
      case TestCommand.Write w -> writePattern(response, w.bytes());
      case TestCommand.Alloc a -> {
        Probes.allocateAndTouch(a.megabytes());
        text(response, "allocated " + a.megabytes());
      }
      case TestCommand.Crash c -> throw new IllegalStateException("testfn: crash requested");
      case TestCommand.Exit e -> {
        System.out.flush();
        System.err.flush();
        halt.accept(e.code());
      }
      case TestCommand.Garbage g -> {
        RawConnection raw = RawConnection.of(response);
        OutputStream out = raw.rawOutput();
        out.write("this is not HTTP\r\n\0\1\2\3\u00ff garbage \r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        raw.closeConnection();
      }
      case TestCommand.Close c -> RawConnection.of(response).closeConnection();
      case TestCommand.Env e -> text(response, call.config().getOrDefault(e.name(), ""));
      case TestCommand.Headers h -> {
        StringBuilder sb = new StringBuilder();
        call.headers().forEach((name, values) -> values.forEach(v -> sb.append(name).append(": ").append(v).append('\n')));
        text(response, sb.toString());
      }
      case TestCommand.Print p -> {
        PrintStream stream = p.toStderr() ? System.err : System.out;
        stream.println(p.text());
        stream.flush();
        text(response, "ok");
      }
      case TestCommand.Threads t -> {
        Probes.ThreadCount count = Probes.startThreads(t.count());
        text(response, "started " + count.started() + " of " + t.count()
            + (count.failure() == null ? "" : "\nfailed: " + count.failure()));
      }
      case TestCommand.Invalid i -> {
        response.status(400);
        text(response, i.reason() + "\n\n" + TestCommand.USAGE);
      }
    }
  }

  /** Reads up to the first LF (dropping a CR before it); null when the line is too long. */
  static String firstLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (line.size() >= MAX_LINE) {
        return null;
      }
      line.write(b);
    }
    String s = line.toString(StandardCharsets.UTF_8);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  private static void text(FnResponse response, String body) throws IOException {
    response.contentType("text/plain; charset=utf-8").send(body);
  }

  private static void writePattern(FnResponse response, long bytes) throws IOException {
    byte[] block = new byte[ALPHABET.length * 2048]; // a whole number of alphabets: blocks line up
    for (int i = 0; i < block.length; i++) {
      block[i] = ALPHABET[i % ALPHABET.length];
    }
    response.contentType("text/plain").contentLength(bytes);
    try (OutputStream out = response.body()) {
      long left = bytes;
      while (left > 0) {
        int n = (int) Math.min(block.length, left);
        out.write(block, 0, n);
        left -= n;
      }
    }
  }

  private static void rawStatus(FnResponse response, int code) throws IOException {
    boolean bodyless = code == 204 || code == 304;
    byte[] body = bodyless ? new byte[0] : ("raw-status " + code).getBytes(StandardCharsets.US_ASCII);
    StringBuilder head = new StringBuilder()
        .append("HTTP/1.1 ").append(code).append(" Raw Status\r\n")
        .append("Content-Type: text/plain\r\n");
    if (!bodyless) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    OutputStream out = RawConnection.of(response).rawOutput();
    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
  }

  static List<String> commands() {
    return TestCommand.USAGE.lines().skip(1).map(l -> l.strip().split(" ")[0]).toList();
  }
}
