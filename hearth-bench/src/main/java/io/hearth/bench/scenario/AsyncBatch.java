package io.hearth.bench.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.bench.load.Latencies;
import io.hearth.bench.load.LoadResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * One batch of async calls against a node on 127.0.0.1: {@code clients} virtual threads send
 * {@code calls} {@code Fn-Invoke-Type: async} calls between them, back to back, each accept (the
 * 202) timed at the client; then the node's queue is watched until every accepted call ended (or
 * the wait is over) and each call's state read once. Bounded by its count and by {@code wait}.
 */
final class AsyncBatch {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String base;
  private final String fnId;

  final Histogram accept = LoadResult.histogram();
  final List<String> accepted = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger refused = new AtomicInteger();
  final AtomicReference<String> firstError = new AtomicReference<>();
  long acceptNanos;
  long endToEndNanos = -1;
  final Map<String, Integer> states = new TreeMap<>();

  AsyncBatch(int port, String fnId) {
    this.base = "http://127.0.0.1:" + port;
    this.fnId = fnId;
  }

  /** Sends the calls; then waits (at most {@code wait}) for them all to end and reads their states. */
  AsyncBatch run(int calls, int clients, String body, Duration wait) throws Exception {
    long start = System.nanoTime();
    long acceptDeadline = start + wait.toNanos();
    AtomicInteger next = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    List<Histogram> hs = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Histogram h = LoadResult.histogram();
      hs.add(h);
      threads.add(Thread.ofVirtual().name("bench-async-client-" + c).start(() -> {
        while (next.getAndIncrement() < calls && System.nanoTime() < acceptDeadline) {
          long t = System.nanoTime();
          try {
            HttpResponse<String> r = send("POST", "/invoke/" + fnId, body, true);
            if (r.statusCode() == 202) {
              Latencies.record(h, System.nanoTime() - t);
              accepted.add(r.headers().firstValue("Fn-Call-Id").orElseThrow());
            } else {
              refused.incrementAndGet();
              firstError.compareAndSet(null, r.statusCode() + " " + r.body().strip());
            }
          } catch (IOException e) {
            refused.incrementAndGet();
            firstError.compareAndSet(null, String.valueOf(e));
          }
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    acceptNanos = System.nanoTime() - start;
    hs.forEach(accept::add);
    long deadline = start + wait.toNanos();
    while (System.nanoTime() < deadline && open() > 0) {
      Latencies.pause(50);
    }
    if (open() == 0) {
      endToEndNanos = System.nanoTime() - start;
    }
    for (String id : List.copyOf(accepted)) {
      HttpResponse<String> r = send("GET", "/v2/fns/" + fnId + "/calls/" + id, null, false);
      String state = r.statusCode() == 200 ? JSON.readTree(r.body()).path("state").asText() : "http " + r.statusCode();
      states.merge(state, 1, Integer::sum);
    }
    return this;
  }

  int succeeded() {
    return states.getOrDefault("success", 0);
  }

  /** The node's async calls queued or running, all functions (its metrics). */
  private long open() throws IOException {
    HttpResponse<String> r = send("GET", "/metrics", null, false);
    long n = 0;
    for (String line : r.body().split("\n")) {
      if ((line.startsWith("hearth_async_queued{") || line.startsWith("hearth_async_running{"))
          && line.contains("\"" + fnId + "\"")) {
        n += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return n;
  }

  private HttpResponse<String> send(String method, String path, String body, boolean async) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (async) {
      b.header("Fn-Invoke-Type", "async");
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

}
