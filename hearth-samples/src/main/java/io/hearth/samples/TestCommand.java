package io.hearth.samples;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@link TestFn} command, parsed from the first line of a call's body. Pure: parsing has no
 * side effects, so every command's argument handling is tested without running it.
 */
sealed interface TestCommand {
  /** Longest delay {@code sleep} accepts: an hour is longer than any call timeout. */
  long MAX_SLEEP_MILLIS = 3_600_000;
  /** Largest {@code alloc}: 1 TiB, far beyond any container; the point is to be killed. */
  int MAX_ALLOC_MB = 1 << 20;
  /** Most threads {@code threads} tries; pids limits are in the tens or hundreds. */
  int MAX_THREADS = 10_000;

  String USAGE = """
      TestFn: the first line of the body is a command, the rest is its payload.
        echo                      answer the payload unchanged (streamed)
        sleep <ms>                sleep, then answer 'slept <ms>'
        sleep-host <ms>           sleep, then answer the container's HOSTNAME (which container served)
        status <code> [H:v ...]   answer with Fn-Http-Status <code> and headers H: v
        raw-status <code>         answer with that HTTP status on the contract level (raw)
        write <bytes>             answer that many bytes of 'abcdefghijklmnopqrstuvwxyz' repeated
        alloc <MB>                allocate and touch that much native memory, answer 'allocated <MB>'
        crash                     throw from the handler (the FDK answers 502)
        exit <code>               end the process at once with that exit code
        garbage                   write bytes that are not HTTP, then close the connection
        close                     close the connection without answering
        env <NAME>                answer the value of that variable (empty if unset)
        headers                   answer the request headers as 'Name: value' lines
        stdout <text>             print the text to stdout, answer 'ok'
        stderr <text>             print the text to stderr, answer 'ok'
        threads <n>               start n sleeping platform threads, answer 'started <k> of <n>'
      """;

  record Echo() implements TestCommand {}

  record Sleep(long millis) implements TestCommand {}

  record SleepHost(long millis) implements TestCommand {}

  record Status(int code, List<Header> headers) implements TestCommand {
    public Status {
      headers = List.copyOf(headers);
    }
  }

  record Header(String name, String value) {}

  record RawStatus(int code) implements TestCommand {}

  record Write(long bytes) implements TestCommand {}

  record Alloc(int megabytes) implements TestCommand {}

  record Crash() implements TestCommand {}

  record Exit(int code) implements TestCommand {}

  record Garbage() implements TestCommand {}

  record Close() implements TestCommand {}

  record Env(String name) implements TestCommand {}

  record Headers() implements TestCommand {}

  record Print(boolean toStderr, String text) implements TestCommand {}

  record Threads(int count) implements TestCommand {}

  /** Not a command: answer 400 with the reason and the usage. */
  record Invalid(String reason) implements TestCommand {}

  static TestCommand parse(String line) {
    if (line.isBlank()) {
      return new Invalid("empty body: no command");
    }
    String trimmed = line.stripLeading();
    int space = trimmed.indexOf(' ');
    String word = space < 0 ? trimmed.strip() : trimmed.substring(0, space);
    String rest = space < 0 ? "" : trimmed.substring(space + 1); // verbatim, for stdout/stderr
    String arg = rest.strip();
    try {
      return switch (word) {
        case "echo" -> noArgs(word, arg, new Echo());
        case "sleep" -> new Sleep(number(arg, 0, MAX_SLEEP_MILLIS, "milliseconds"));
        case "sleep-host" -> new SleepHost(number(arg, 0, MAX_SLEEP_MILLIS, "milliseconds"));
        case "status" -> status(arg);
        case "raw-status" -> new RawStatus((int) number(arg, 200, 999, "an HTTP status"));
        case "write" -> new Write(number(arg, 0, Long.MAX_VALUE, "a byte count"));
        case "alloc" -> new Alloc((int) number(arg, 1, MAX_ALLOC_MB, "megabytes"));
        case "crash" -> noArgs(word, arg, new Crash());
        case "exit" -> new Exit((int) number(arg, 0, 255, "an exit code"));
        case "garbage" -> noArgs(word, arg, new Garbage());
        case "close" -> noArgs(word, arg, new Close());
        case "env" -> arg.isEmpty() || arg.contains(" ") || arg.contains("=")
            ? new Invalid("env needs one variable name") : new Env(arg);
        case "headers" -> noArgs(word, arg, new Headers());
        case "stdout" -> new Print(false, rest);
        case "stderr" -> new Print(true, rest);
        case "threads" -> new Threads((int) number(arg, 1, MAX_THREADS, "a thread count"));
        default -> new Invalid("unknown command: " + abbreviate(word));
      };
    } catch (IllegalArgumentException e) {
      return new Invalid(word + ": " + e.getMessage());
    }
  }

  private static TestCommand noArgs(String word, String arg, TestCommand command) {
    return arg.isEmpty() ? command : new Invalid(word + " takes no arguments");
  }

  private static long number(String arg, long min, long max, String what) {
    long n;
    try {
      n = Long.parseLong(arg);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected " + what + ", got '" + abbreviate(arg) + "'");
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(what + " must be " + min + ".." + max + ", got " + n);
    }
    return n;
  }

  private static TestCommand status(String arg) {
    String[] parts = arg.split("\\s+");
    int code = (int) number(parts[0], 100, 599, "an HTTP status");
    List<Header> headers = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      int colon = parts[i].indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("headers are Name:value, got '" + abbreviate(parts[i]) + "'");
      }
      headers.add(new Header(parts[i].substring(0, colon), parts[i].substring(colon + 1)));
    }
    return new Status(code, headers);
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
