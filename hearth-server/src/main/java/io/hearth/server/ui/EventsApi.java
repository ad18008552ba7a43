package io.hearth.server.ui;

import io.hearth.server.http.Exchange;
import io.hearth.server.http.Router;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Blocker;

/**
 * {@code GET /v2/events}: the hub's events as a server-sent event stream ({@code event: <type>},
 * {@code data: <json>}), behind the API token like the rest of {@code /v2}. A comment line every
 * {@link #KEEPALIVE} keeps the connection inside Jetty's idle timeout (30 s) and tells the page
 * the server is there. The stream runs on its request's virtual thread; writes block only it.
 */
public final class EventsApi {
  /** Well inside Jetty's 30 s idle timeout, and how soon a page notices a silent server. */
  static final Duration KEEPALIVE = Duration.ofSeconds(15);

  private final EventHub hub;
  private final Duration keepalive;
  private final Supplier<EventHub.Event> greeting;

  /** @param greeting the first event of every stream (the current {@code stats}), or null for none */
  EventsApi(EventHub hub, Duration keepalive, Supplier<EventHub.Event> greeting) {
    this.hub = hub;
    this.keepalive = keepalive;
    this.greeting = greeting;
  }

  public void register(Router router) {
    router.on("GET", "/v2/events", this::stream);
  }

  private void stream(Exchange ex) throws Exception {
    var headers = ex.response().getHeaders();
    ex.response().setStatus(200);
    headers.put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    headers.put(HttpHeader.CACHE_CONTROL, "no-store");
    headers.put("X-Accel-Buffering", "no"); // a proxy in front must not hold events back
    if (ex.method().equals("HEAD")) {
      ex.callback().succeeded(); // the headers only: a stream has no length to give
      return;
    }
    try (EventHub.Subscription sub = hub.subscribe()) {
      write(ex, "retry: 2000\n: hearth events\n\n");
      EventHub.Event first = greeting == null ? null : greeting.get();
      if (first != null) {
        write(ex, frame(first)); // the page shows numbers at once, not after the next tick
      }
      while (true) {
        EventHub.Event e = sub.next(keepalive);
        write(ex, e == null ? ": keepalive\n\n" : frame(e));
      }
    } catch (EventHub.Ended end) {
      ex.response().write(true, ByteBuffer.allocate(0), ex.callback()); // the page reconnects
    } catch (IOException | InterruptedException gone) {
      ex.callback().failed(gone); // the client left
    }
  }

  private static String frame(EventHub.Event e) {
    return "event: " + e.type() + "\ndata: " + e.json() + "\n\n"; // JSON has no raw newline: one data line
  }

  private static void write(Exchange ex, String text) throws IOException {
    try (Blocker.Callback done = Blocker.callback()) {
      ex.response().write(false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), done);
      done.block();
    }
  }
}
