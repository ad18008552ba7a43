package io.hearth.server.ui;

import io.hearth.store.jobs.JobRow;
import io.hearth.store.jobs.JobStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Watches the shared job queue and publishes a {@code job} event ({@code id}, {@code state},
 * {@code priority}) for each job that appeared, changed state or priority, or left the queue (then
 * with its final state, read once). Each look reads the queue's first {@link #PAGE} jobs in
 * scheduler order (an index; the dispatcher reads the same): a change further down a longer queue
 * shows once it is within the first page. The first look publishes nothing; it looks whether or
 * not anyone listens, and publishes only while someone does.
 *
 * <p>State: {@code last} belongs to the one watcher task (one look at a time).
 */
final class JobWatch implements Runnable {
  static final Duration EVERY = Duration.ofSeconds(1);
  static final int PAGE = 1000;

  private record Seen(String state, int priority) {}

  private final JobStore jobs;
  private final EventHub hub;
  private Map<String, Seen> last;

  JobWatch(JobStore jobs, EventHub hub) {
    this.jobs = jobs;
    this.hub = hub;
  }

  @Override
  public void run() {
    // It reads whether or not anyone listens (one indexed read of the queue's head a second): a
    // look that had nothing to compare with could only keep quiet, and a change made between a
    // page's subscribing and that look would never be told.
    Map<String, Seen> now = new HashMap<>();
    for (JobRow j : jobs.schedulerOrder(PAGE, null).items()) {
      now.put(j.id(), new Seen(j.state().wire(), j.priority().value()));
    }
    if (last != null && hub.watched()) {
      now.forEach((id, seen) -> {
        if (!Objects.equals(seen, last.get(id))) {
          publish(id, seen);
        }
      });
      for (String id : last.keySet()) {
        if (!now.containsKey(id)) {
          Optional<JobRow> gone = jobs.get(id);
          publish(id, gone.map(j -> new Seen(j.state().wire(), j.priority().value()))
              .orElse(new Seen("deleted", last.get(id).priority())));
        }
      }
    }
    last = now;
  }

  private void publish(String id, Seen seen) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("id", id);
    data.put("state", seen.state());
    data.put("priority", seen.priority());
    hub.publish("job", data);
  }
}
