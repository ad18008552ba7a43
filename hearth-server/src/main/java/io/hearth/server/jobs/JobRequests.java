package io.hearth.server.jobs;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.core.job.Constraints;
import io.hearth.core.job.JobState;
import io.hearth.core.job.Priority;
import io.hearth.core.job.Scheduling;
import io.hearth.server.http.ApiException;
import io.hearth.server.http.InputText;
import io.hearth.server.http.JsonInput;
import io.hearth.store.Cursor;
import io.hearth.store.ListQuery;
import io.hearth.store.jobs.JobPatch;
import io.hearth.store.jobs.JobQuery;
import io.hearth.store.jobs.JobRow;
import io.hearth.store.jobs.JobStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the jobs API's bodies and queries into the store's values; every mistake is a 400 naming
 * the field and saying what would do. Stateless.
 */
final class JobRequests {
  static final int MAX_BODY_BYTES = 1024 * 1024;
  static final int MAX_IMAGE_CHARS = 1024;
  static final int MAX_NAME_CHARS = 255; // the column's width
  static final int MAX_COMMAND_ARGS = 1024;
  static final int MAX_ENV = 256;
  static final int MAX_LABELS = 64;
  static final int MAX_LABEL_KEY_CHARS = 128;
  static final int MAX_LABEL_VALUE_CHARS = 512;
  static final int MAX_DISPATCHER_CHARS = 200;
  private static final int MAX_CURSOR_CHARS = 1024;

  private static final Set<String> SUBMIT_FIELDS =
      Set.of("name", "image", "command", "env", "priority", "constraints", "scheduling", "labels");
  private static final Set<String> PATCH_FIELDS = Set.of("priority", "name", "labels");
  private static final Set<String> CONSTRAINT_FIELDS = Set.of("vcpus", "ram_bytes", "scratch_bytes", "gpus");
  private static final Set<String> SCHEDULING_FIELDS = Set.of("preemptible", "max_run_time_secs", "max_attempts");

  /** A list request: newest first by filters, or the scheduler's order. */
  sealed interface ListRequest {
    record Newest(JobQuery query) implements ListRequest {}

    record Scheduler(int limit, String cursor) implements ListRequest {}
  }

  private final ObjectMapper mapper;

  JobRequests(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** {@code POST /v2/jobs}: a new queued job with {@code id}, made {@code now}. */
  JobRow submit(byte[] body, String id, Instant now) {
    JsonNode n = object(body);
    known(n, SUBMIT_FIELDS, "");
    String image = text(n, "image");
    if (image == null || image.isBlank()) {
      throw bad("Missing image: give the container image to run, e.g. \"image\":\"busybox:1.36\"");
    }
    image = image.strip();
    if (image.length() > MAX_IMAGE_CHARS || !image.chars().allMatch(c -> c > 0x20 && c != 0x7f)) {
      throw bad("Invalid image '" + shorten(image) + "': at most " + MAX_IMAGE_CHARS
          + " characters, no spaces or control characters");
    }
    List<String> command = command(n);
    Map<String, String> env = strings(n, "env", MAX_ENV, Integer.MAX_VALUE, Integer.MAX_VALUE);
    env.keySet().forEach(k -> {
      if (k.indexOf('=') >= 0) {
        throw bad("Invalid env key '" + shorten(k) + "': names of variables cannot contain '='");
      }
    });
    Priority priority = n.has("priority") && !n.get("priority").isNull() ? priority(n.get("priority"))
        : Priority.DEFAULT_PRIORITY;
    return JobRow.queued(id, name(n), image, command, env, priority, constraints(n.get("constraints")),
        scheduling(n.get("scheduling")), labels(n), now);
  }

  /** {@code PATCH /v2/jobs/{id}}: at least one of priority, name, labels. */
  JobPatch patch(byte[] body) {
    JsonNode n = object(body);
    known(n, PATCH_FIELDS, "");
    if (!n.has("priority") && !n.has("name") && !n.has("labels")) {
      throw bad("Nothing to change: give priority, name or labels, e.g. {\"priority\":800}");
    }
    Priority priority = n.has("priority") ? priority(n.get("priority")) : null;
    Map<String, String> labels = n.has("labels") ? labels(n) : null;
    return new JobPatch(priority, name(n), labels);
  }

  /** {@code POST /v2/jobs/{id}/lock} and {@code /unlock}: {@code {"dispatcher": name}}. */
  String dispatcher(byte[] body) {
    JsonNode n = object(body);
    known(n, Set.of("dispatcher"), "");
    String d = text(n, "dispatcher");
    if (d == null || d.isBlank()) {
      throw bad("Missing dispatcher: name the dispatcher that locks the job, e.g. {\"dispatcher\":\"slurm-1\"}");
    }
    if (d.length() > MAX_DISPATCHER_CHARS) {
      throw bad("Invalid dispatcher: at most " + MAX_DISPATCHER_CHARS + " characters");
    }
    return d;
  }

  /** {@code GET /v2/jobs?state=&label=k=v&name=&cursor=&per_page=&order=}. */
  ListRequest list(Map<String, String> query) {
    String order = query.get("order");
    int perPage = perPage(query);
    String cursor = query.get("cursor");
    if (cursor != null && cursor.isEmpty()) {
      cursor = null;
    }
    if (order != null && !order.isEmpty() && !order.equals("created")) {
      if (!order.equals("scheduler")) {
        throw bad("Invalid order '" + shorten(order) + "': use scheduler (the dispatcher's order) or leave it out "
            + "(newest first)");
      }
      for (String f : List.of("state", "label", "name")) {
        String v = query.get(f);
        if (v != null && !v.isEmpty()) {
          throw bad("Invalid " + f + " with order=scheduler: the scheduler's order lists the whole queue "
              + "(jobs not yet complete or cancelled) without filters");
        }
      }
      if (cursor != null) {
        checkQueueCursor(cursor);
      }
      return new ListRequest.Scheduler(perPage, cursor);
    }
    JobState state = null;
    String word = query.get("state");
    if (word != null && !word.isEmpty()) {
      try {
        state = JobState.ofWire(word);
      } catch (IllegalArgumentException e) {
        throw bad("Invalid state '" + shorten(word) + "': use queued, locked, running, complete or cancelled");
      }
    }
    Map<String, String> labels = Map.of();
    String label = query.get("label");
    if (label != null && !label.isEmpty()) {
      int eq = label.indexOf('=');
      if (eq <= 0) {
        throw bad("Invalid label '" + shorten(label) + "': use key=value, e.g. label=team=search");
      }
      labels = Map.of(storable(label.substring(0, eq), "label"), storable(label.substring(eq + 1), "label"));
    }
    String name = query.get("name");
    if (name != null) {
      storable(name, "name");
    }
    if (cursor != null) {
      checkTimeCursor(cursor);
    }
    try {
      return new ListRequest.Newest(new JobQuery(state, labels, name, cursor, perPage));
    } catch (IllegalArgumentException e) {
      throw badCursor();
    }
  }

  private static int perPage(Map<String, String> query) {
    String field = query.containsKey("limit") ? "limit" : "per_page";
    String raw = query.get(field);
    if (raw == null || raw.isEmpty()) {
      return ListQuery.DEFAULT_PER_PAGE;
    }
    try {
      int n = Integer.parseInt(raw.strip());
      return n <= 0 ? ListQuery.DEFAULT_PER_PAGE : n;
    } catch (NumberFormatException e) {
      throw bad("Invalid " + field + " '" + shorten(raw) + "': must be a whole number from 1 (newest first: up to "
          + ListQuery.MAX_PER_PAGE + "; order=scheduler: up to " + JobStore.MAX_QUEUE_PAGE + ")");
    }
  }

  private JsonNode object(byte[] body) {
    if (body.length > MAX_BODY_BYTES) {
      throw new ApiException(413, "Request body larger than " + MAX_BODY_BYTES + " bytes");
    }
    if (body.length == 0) {
      throw bad("Missing request body: send a JSON object");
    }
    try {
      JsonNode n = mapper.readTree(body);
      if (n == null || !n.isObject()) {
        throw bad("Invalid JSON: the body must be a JSON object");
      }
      return n;
    } catch (JacksonException e) {
      throw bad("Invalid JSON: " + shorten(e.getOriginalMessage()));
    } catch (IOException e) {
      throw bad("Invalid JSON: the body could not be read");
    }
  }

  private static void known(JsonNode n, Set<String> fields, String prefix) {
    for (String f : (Iterable<String>) () -> n.fieldNames()) {
      if (!fields.contains(f)) {
        throw bad("Unknown field '" + prefix + shorten(f) + "': use " + String.join(", ", new java.util.TreeSet<>(fields)
            .stream().map(x -> prefix + x).toList()));
      }
    }
  }

  private static String name(JsonNode n) {
    String name = text(n, "name");
    if (name != null && name.length() > MAX_NAME_CHARS) {
      throw bad("Invalid name: at most " + MAX_NAME_CHARS + " characters");
    }
    return name;
  }

  private static Priority priority(JsonNode v) {
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw bad("Invalid priority: must be a whole number between 0 and 1000 (0 holds the job)");
    }
    try {
      return Priority.of(v.asInt());
    } catch (IllegalArgumentException e) {
      throw bad("Invalid " + e.getMessage());
    }
  }

  private static Constraints constraints(JsonNode v) {
    if (v == null || v.isNull()) {
      return Constraints.DEFAULT;
    }
    if (!v.isObject()) {
      throw bad("Invalid constraints: must be an object such as {\"vcpus\":2,\"ram_bytes\":1073741824,"
          + "\"scratch_bytes\":0,\"gpus\":0}");
    }
    known(v, CONSTRAINT_FIELDS, "constraints.");
    Constraints d = Constraints.DEFAULT;
    try {
      return new Constraints(
          (int) whole(v, "vcpus", "constraints.", d.vcpus(), Integer.MAX_VALUE),
          whole(v, "ram_bytes", "constraints.", d.ramBytes(), Long.MAX_VALUE),
          whole(v, "scratch_bytes", "constraints.", d.scratchBytes(), Long.MAX_VALUE),
          (int) whole(v, "gpus", "constraints.", d.gpus(), Integer.MAX_VALUE));
    } catch (IllegalArgumentException e) {
      throw bad("Invalid " + e.getMessage());
    }
  }

  private static Scheduling scheduling(JsonNode v) {
    if (v == null || v.isNull()) {
      return Scheduling.DEFAULT;
    }
    if (!v.isObject()) {
      throw bad("Invalid scheduling: must be an object such as {\"preemptible\":false,\"max_run_time_secs\":3600,"
          + "\"max_attempts\":3}");
    }
    known(v, SCHEDULING_FIELDS, "scheduling.");
    Scheduling d = Scheduling.DEFAULT;
    boolean preemptible = d.preemptible();
    JsonNode p = v.get("preemptible");
    if (p != null && !p.isNull()) {
      if (!p.isBoolean()) {
        throw bad("Invalid scheduling.preemptible: must be true or false");
      }
      preemptible = p.asBoolean();
    }
    try {
      return new Scheduling(preemptible,
          whole(v, "max_run_time_secs", "scheduling.", d.maxRunTimeSecs(), Long.MAX_VALUE),
          (int) whole(v, "max_attempts", "scheduling.", d.maxAttempts(), Integer.MAX_VALUE));
    } catch (IllegalArgumentException e) {
      throw bad("Invalid " + e.getMessage());
    }
  }

  /** A whole-number field of an object, its default when absent; range errors are the model's. */
  private static long whole(JsonNode obj, String field, String prefix, long dflt, long max) {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() > max) {
      throw bad("Invalid " + prefix + field + ": must be a whole number" + (max == Integer.MAX_VALUE
          ? " up to " + Integer.MAX_VALUE : ""));
    }
    return v.asLong();
  }

  private static List<String> command(JsonNode n) {
    JsonNode v = n.get("command");
    if (v == null || v.isNull()) {
      throw bad("Missing command: give the command as an array of strings, e.g. "
          + "\"command\":[\"sh\",\"-c\",\"echo hi\"] ([] runs the image's own command)");
    }
    if (!v.isArray()) {
      throw bad("Invalid command: must be an array of strings");
    }
    if (v.size() > MAX_COMMAND_ARGS) {
      throw bad("Invalid command: at most " + MAX_COMMAND_ARGS + " arguments");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isTextual()) {
        throw bad("Invalid command[" + i + "]: must be a string");
      }
      out.add(storable(v.get(i).asText(), "command[" + i + "]"));
    }
    return out;
  }

  private static Map<String, String> labels(JsonNode n) {
    return strings(n, "labels", MAX_LABELS, MAX_LABEL_KEY_CHARS, MAX_LABEL_VALUE_CHARS);
  }

  private static Map<String, String> strings(JsonNode n, String field, int maxKeys, int maxKey, int maxValue) {
    return JsonInput.strings(n, field, maxKeys, maxKey, maxValue);
  }

  private static String text(JsonNode n, String field) {
    return JsonInput.text(n, field);
  }

  private static void checkTimeCursor(String cursor) {
    if (!InputText.isTimeCursor(cursor)) {
      throw badCursor();
    }
  }

  private static void checkQueueCursor(String cursor) {
    Cursor decoded;
    try {
      decoded = cursor.length() > MAX_CURSOR_CHARS ? null : Cursor.decode(cursor);
    } catch (IllegalArgumentException e) {
      throw badCursor();
    }
    if (decoded == null || decoded.id() == null || decoded.id().isEmpty()
        || !InputText.wellFormed(decoded.id()) || decoded.id().indexOf('\uFFFD') >= 0) {
      throw badCursor();
    }
  }

  private static ApiException badCursor() {
    return bad("Invalid cursor: pass the next_cursor of the previous page (of the same order) unchanged");
  }

  static ApiException bad(String message) {
    return ApiException.badRequest(message);
  }

  static String storable(String s, String what) {
    return InputText.storable(s, what);
  }

  static String shorten(String s) {
    return InputText.shorten(s);
  }
}
