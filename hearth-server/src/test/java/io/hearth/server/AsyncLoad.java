package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Sends async calls to an in-process node from a few clients, keeps their ids and accept times,
 * and waits (bounded) for all of them to end. For the async tests on PostgreSQL and the measurement.
 */
final class AsyncLoad {
  final List<String> ids = Collections.synchronizedList(new ArrayList<>());
  final List<Long> acceptNanos = Collections.synchronizedList(new ArrayList<>());
  long acceptWallNanos;
  long completeWallNanos;
  private final HttpClient http = HttpClient.newHttpClient();
  private final TestServer node;
  private final String fn;

  AsyncLoad(TestServer node, String fn) {
    this.node = node;
    this.fn = fn;
  }

  /** Accepts {@code n} calls of {@code body} from {@code clients} threads; every one must be 202. */
  AsyncLoad accept(int n, int clients, String body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long start = System.nanoTime();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        done.add(pool.submit(() -> {
          for (int i = client; i < n; i += clients) {
            long t = System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node.url("/invoke/" + fn)))
                .header("Fn-Invoke-Type", "async").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
            acceptNanos.add(System.nanoTime() - t);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            ids.add(r.headers().firstValue("Fn-Call-Id").orElseThrow());
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    acceptWallNanos = System.nanoTime() - start;
    return this;
  }

  /** Waits up to {@code limit} for every accepted call to end; returns how many ended in success. */
  int awaitAll(Duration limit) throws Exception {
    long start = System.nanoTime();
    long deadline = start + limit.toNanos();
    List<String> open = new ArrayList<>(ids);
    int success = 0;
    while (!open.isEmpty() && System.nanoTime() < deadline) {
      JsonNode c = node.json(node.send("GET", "/v2/fns/" + fn + "/calls/" + open.getLast(), null));
      String state = c.get("state").asText();
      if (List.of("success", "error", "timeout").contains(state)) {
        open.removeLast();
        success += state.equals("success") ? 1 : 0;
      } else {
        Thread.sleep(20);
      }
    }
    completeWallNanos = System.nanoTime() - start;
    assertThat(open).as("calls still open after %s", limit).isEmpty();
    return success;
  }

  double percentileMillis(int p) {
    List<Long> sorted = new ArrayList<>(acceptNanos);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100)) / 1e6;
  }
}
