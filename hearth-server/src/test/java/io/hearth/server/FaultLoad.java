package io.hearth.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded load for the fault suite: a few clients on virtual threads, each sending requests one
 * after another to 127.0.0.1 until {@link #stop} or until its count or time bound runs out, and a
 * tally of what became of every request. A request is <em>refused</em> when the connection could
 * not be opened (the node was down: never accepted), <em>cut</em> when the connection broke
 * before an answer (the node died holding it), <em>lost</em> when no answer came within the
 * per-request bound (a hang), and <em>answered</em> otherwise; answers are counted by status and
 * every 5xx by its cause (status and message). Accepted = answered + cut + lost.
 */
final class FaultLoad implements AutoCloseable {
  /** A request to send, built afresh for each call (the base URL may change on a restart). */
  interface Call {
    HttpRequest build(int client, int seq);
  }

  /** What one answered request returned. */
  record Answer(int client, int status, String body, String callId, long startedMs, long tookMs) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  static final Duration REQUEST_BOUND = Duration.ofSeconds(25);

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(3)).build();
  private final String name;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final List<Thread> clients = new ArrayList<>();
  private final long t0 = System.nanoTime();
  final AtomicInteger sent = new AtomicInteger();
  final AtomicInteger refused = new AtomicInteger();
  final AtomicInteger cut = new AtomicInteger();
  final AtomicInteger lost = new AtomicInteger();
  final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
  final Map<String, Integer> causes = new ConcurrentHashMap<>();

  private FaultLoad(String name) {
    this.name = name;
  }

  /**
   * Starts {@code clients} clients sending {@code call}; each stops after {@code maxPerClient}
   * requests or {@code maxTime}, whichever comes first (or at {@link #stop}). {@code pause}
   * between requests keeps a refused client from spinning.
   */
  static FaultLoad start(String name, int clients, int maxPerClient, Duration maxTime, Duration pause, Call call) {
    FaultLoad load = new FaultLoad(name);
    long until = System.nanoTime() + maxTime.toNanos();
    for (int c = 0; c < clients; c++) {
      int client = c;
      load.clients.add(Thread.ofVirtual().name("fault-client-" + c).start(() -> {
        for (int i = 0; i < maxPerClient && !load.stopped.get() && System.nanoTime() < until; i++) {
          load.once(client, call.build(client, i));
          try {
            Thread.sleep(pause);
          } catch (InterruptedException e) {
            return;
          }
        }
      }));
    }
    return load;
  }

  long nowMs() {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private void once(int client, HttpRequest request) {
    sent.incrementAndGet();
    long started = System.nanoTime();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      answers.add(new Answer(client, r.statusCode(), r.body(),
          r.headers().firstValue("Fn-Call-Id").orElse(""), (started - t0) / 1_000_000,
          (System.nanoTime() - started) / 1_000_000));
      if (r.statusCode() >= 500) {
        causes.merge(r.statusCode() + " " + message(r.body()), 1, Integer::sum);
      }
    } catch (HttpTimeoutException e) {
      if (e instanceof java.net.http.HttpConnectTimeoutException) {
        refused.incrementAndGet();
      } else {
        lost.incrementAndGet();
      }
    } catch (ConnectException e) {
      refused.incrementAndGet();
    } catch (IOException e) {
      cut.incrementAndGet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String message(String body) {
    try {
      return JSON.readTree(body).path("message").asText(body);
    } catch (IOException e) {
      return "(not JSON) " + body.substring(0, Math.min(80, body.length()));
    }
  }

  /** Builds a request to {@code url} with a body, bounded by {@link #REQUEST_BOUND}. */
  static HttpRequest post(String url, String body, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_BOUND)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    return b.build();
  }

  static HttpRequest get(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_BOUND).GET().build();
  }

  void stop() {
    stopped.set(true);
  }

  /** Stops the clients and waits for those in a request (each is bounded); returns whether all ended. */
  boolean awaitEnd() throws InterruptedException {
    stop();
    boolean all = true;
    for (Thread t : clients) {
      all &= t.join(REQUEST_BOUND.plusSeconds(10));
    }
    return all;
  }

  int answered() {
    return answers.size();
  }

  int accepted() {
    return answered() + cut.get() + lost.get();
  }

  long count(int status) {
    return answers.stream().filter(a -> a.status() == status).count();
  }

  Map<Integer, Long> byStatus() {
    Map<Integer, Long> m = new TreeMap<>();
    answers.forEach(a -> m.merge(a.status(), 1L, Long::sum));
    return m;
  }

  /** The suite's line: accepted / answered / lost and 5xx by cause. */
  String report() {
    return String.format("fault %s: sent %d, accepted %d, answered %d %s, cut %d, lost %d, refused %d;"
        + " 5xx by cause %s; slowest %d ms", name, sent.get(), accepted(), answered(), byStatus(), cut.get(),
        lost.get(), refused.get(), new TreeMap<>(causes),
        answers.stream().mapToLong(Answer::tookMs).max().orElse(0));
  }

  @Override
  public void close() throws InterruptedException {
    awaitEnd();
    System.out.println(report());
  }
}
