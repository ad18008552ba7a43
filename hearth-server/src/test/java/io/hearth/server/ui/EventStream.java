package io.hearth.server.ui;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A test's client of {@code GET /v2/events}: reads the stream on a virtual thread of its own and
 * hands each event (and each comment line) over with its arrival time, so a test can say how long
 * after a change its event came. Close it to stop reading.
 */
public final class EventStream implements AutoCloseable {
  /** One event as it arrived: {@code type} is "comment" for a comment line (its text in {@code comment}). */
  public record Arrival(String type, JsonNode data, String comment, long nanoTime) {}

  private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
  private final Stream<String> lines;
  private final Thread reader;
  public final int status;

  private EventStream(HttpResponse<Stream<String>> response) {
    this.status = response.statusCode();
    this.lines = response.body();
    this.reader = Thread.ofVirtual().name("test-event-stream").start(this::read);
  }

  /** Opens the stream at {@code baseUrl} (e.g. http://127.0.0.1:1234) with the token, or none when null. */
  public static EventStream open(String baseUrl, String token) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/v2/events")).header("Accept", "text/event-stream");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    return new EventStream(http.send(b.build(), HttpResponse.BodyHandlers.ofLines()));
  }

  private void read() {
    String type = "message";
    try {
      for (var it = lines.iterator(); it.hasNext(); ) {
        String line = it.next();
        if (line.startsWith(":")) {
          arrivals.add(new Arrival("comment", null, line.substring(1).strip(), System.nanoTime()));
        } else if (line.startsWith("event:")) {
          type = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          arrivals.add(new Arrival(type, UiNode.JSON.readTree(line.substring(5).strip()), null, System.nanoTime()));
          type = "message";
        }
      }
    } catch (Exception e) {
      // the stream ended or was closed
    }
    arrivals.add(new Arrival("end", null, null, System.nanoTime()));
  }

  /** The next arrival of {@code type} whose data matches, skipping others; fails after {@code timeout}. */
  public Arrival await(String type, Predicate<JsonNode> matches, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Arrival unmatched = null;
    while (true) {
      Arrival a = arrivals.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (a == null) {
        throw new AssertionError("no matching '" + type + "' event within " + timeout.toSeconds() + " s"
            + (unmatched == null ? "" : "; the last one that did not match: " + unmatched.data()));
      }
      if (a.type().equals(type)) {
        unmatched = a;
      }
      if (a.type().equals("end") && !type.equals("end")) {
        throw new AssertionError("the event stream ended before a '" + type + "' event");
      }
      if (a.type().equals(type) && (a.data() == null || matches.test(a.data()))) {
        return a;
      }
    }
  }

  @Override
  public void close() {
    lines.close();
    reader.interrupt();
  }
}
